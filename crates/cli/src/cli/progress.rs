//! A spinner on stderr for long scans: shown only on a terminal, and only when the scan takes
//! longer than a moment.

use std::io::IsTerminal as _;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// A running progress indicator; dropping it (or [`Progress::finish`]) clears it.
pub struct Progress {
    done: Option<mpsc::Sender<()>>,
    handle: Option<thread::JoinHandle<()>>,
}

impl Progress {
    /// Start (a no-op unless stderr is a terminal).
    pub fn start(message: &str) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self { done: None, handle: None };
        }
        let (tx, rx) = mpsc::channel::<()>();
        let message = message.to_owned();
        let handle = thread::spawn(move || {
            if rx.recv_timeout(Duration::from_millis(400)) != Err(mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_message(message);
            bar.enable_steady_tick(Duration::from_millis(100));
            let _ = rx.recv();
            bar.finish_and_clear();
        });
        Self { done: Some(tx), handle: Some(handle) }
    }

    /// Stop and clear.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(tx) = self.done.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}
