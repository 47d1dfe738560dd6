//! `cmd-shell-form`: `CMD` / `ENTRYPOINT` written in shell form instead of the JSON (exec) form.

use infra_lint_core::parse::dockerfile::Form;
use infra_lint_core::{Finding, Model};

use crate::declare_rule;
use crate::rule::{Rule, RuleMeta};

use super::missing_healthcheck::{final_chain, runs_service};
use super::{dockerfiles, emit};

declare_rule! {
    /// ## What it does
    /// Finds the `CMD` and `ENTRYPOINT` of the built image (the last of each in the final stage
    /// or the local stages it is built `FROM`; earlier ones are overridden) written in shell
    /// form (`CMD node server.js`) rather than the JSON exec form (`CMD ["node", "server.js"]`),
    /// at the command, when the image runs a long-lived service (it `EXPOSE`s a port or its
    /// command starts a server, as `missing-healthcheck` decides): that is where a stop signal
    /// that never arrives costs in-flight work. An empty instruction and a shell form that hands
    /// over with `exec …` are not reported: the program then replaces the shell and becomes the
    /// container's main process anyway.
    ///
    /// ## Why is this bad?
    /// Docker runs the shell form as `/bin/sh -c "<command>"`: the shell is PID 1 and does not
    /// forward `SIGTERM`, so `docker stop` and orchestrators cannot shut the program down
    /// gracefully (it is killed after the grace period, losing in-flight work). A shell-form
    /// `ENTRYPOINT` also ignores `CMD` and `docker run` arguments, and the command depends on a
    /// shell being present in the image.
    ///
    /// ## How to fix
    /// Write the command as a JSON array: `CMD ["node", "server.js"]`. When shell features are
    /// needed, start the program with `exec` (`CMD exec node server.js`) or use a small
    /// entrypoint script that ends with `exec "$@"`.
    ///
    /// ## Example
    /// ```dockerfile
    /// # bad
    /// FROM node:20-alpine
    /// USER node
    /// CMD node server.js
    /// ```
    /// ```dockerfile
    /// # good
    /// FROM node:20-alpine
    /// USER node
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#shell-and-exec-form>
    /// - <https://docs.docker.com/reference/build-checks/json-args-recommended/>
    pub struct CmdShellForm {
        id: "cmd-shell-form",
        severity: Low,
        formats: [Dockerfile],
        tags: ["containers", "best-practice"],
        precision: "very-high",
        summary: "A Dockerfile CMD/ENTRYPOINT uses the shell form: the program does not receive stop signals",
        aliases: ["DL3025", "JSONArgsRecommended"],
    }
}

/// Whether a shell-form command hands its process over with `exec` (possibly after `cd`/`set`
/// steps joined with `&&` or `;`).
fn execs(cmd: &str) -> bool {
    cmd.split(['&', ';', '|']).map(str::trim).rfind(|s| !s.is_empty()).is_some_and(|s| s.starts_with("exec "))
}

impl Rule for CmdShellForm {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (file, doc) in dockerfiles(model) {
            let Some(last) = doc.final_stage() else { continue };
            let chain = final_chain(doc, last);
            if !runs_service(doc, &chain) {
                continue;
            }
            // The effective CMD and ENTRYPOINT: the last of each along the chain.
            let mut effective: Vec<usize> = Vec::new();
            for kw in ["CMD", "ENTRYPOINT"] {
                let found = chain.iter().find_map(|s| {
                    s.instructions
                        .iter()
                        .rev()
                        .copied()
                        .find(|&i| doc.instructions.get(i).is_some_and(|x| x.keyword == kw))
                });
                effective.extend(found);
            }
            effective.sort_unstable();
            for n in effective {
                let Some(instr) = doc.instructions.get(n) else { continue };
                if instr.form != Form::Shell {
                    continue;
                }
                let cmd = instr.args_text.trim();
                if cmd.is_empty() || execs(cmd) {
                    continue;
                }
                emit(
                    out,
                    model,
                    &Self::META,
                    instr.args_span,
                    format!(
                        "`{}` in shell form runs under `/bin/sh -c`: the shell is PID 1 and the program never receives SIGTERM on stop",
                        instr.keyword
                    ),
                    "Use the JSON form, e.g. `CMD [\"node\", \"server.js\"]` (or start the program with `exec`)",
                    format!("{}:{}:{n}", file.path, instr.keyword),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::execs;

    #[test]
    fn exec_handover() {
        assert!(execs("exec node server.js"));
        assert!(execs("cd /app && exec ./run"));
        assert!(!execs("node server.js"));
        assert!(!execs("./migrate && node server.js"));
    }
}
