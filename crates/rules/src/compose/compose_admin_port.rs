//! `compose-admin-port`: a compose service publishes a remote-administration or management
//! port (SSH, the Docker API, etcd, the kubelet, a database admin UI …) on every interface.

use infra_lint_core::parse::compose::{ComposePort, ComposeService};
use infra_lint_core::parse::node::Node;
use infra_lint_core::{Finding, Model, Severity};

use crate::declare_rule;
use crate::rule::Rule;

use super::{list, services};

declare_rule! {
    /// ## What it does
    /// Flags compose services that publish a management interface on all host interfaces
    /// (`ports:` without a loopback `127.0.0.1:`/`[::1]:` bind address), at the port entry:
    /// - well-known administration ports, by the container port: SSH (22), Telnet (23), the
    ///   Docker Engine API (2375 plain, 2376 TLS) and Swarm management (2377), etcd
    ///   (2379/2380), the Kubernetes API server (6443), the kubelet (10250, read-only 10255),
    ///   RDP (3389), VNC (5900/5901), WinRM (5985/5986), the RabbitMQ management UI (15672),
    ///   the Consul (8500) and Nomad (4646) HTTP APIs, the Kong admin API (8001/8444), JMX/RMI
    ///   (1099, Cassandra 7199) and the WildFly (9990), GlassFish (4848) and ActiveMQ (8161)
    ///   consoles;
    /// - any published port of an administration UI image: phpMyAdmin, pgAdmin, Adminer,
    ///   mongo-express, Redis Commander / RedisInsight / phpRedisAdmin, pgweb, DbGate,
    ///   CloudBeaver, Kafka UIs (kafka-ui, Kafdrop, AKHQ) and Portainer;
    /// - Traefik's dashboard port (8080) when the service runs with `--api.insecure=true`.
    ///
    /// Databases and caches themselves are `public-database`'s. The Docker API, etcd and the
    /// kubelet are reported at high severity (they accept unauthenticated commands by
    /// default); severity is weighted by the file's environment (`low` in development and test
    /// files).
    ///
    /// ## Why is this bad?
    /// A port published without a bind address is reachable from every network the host is on
    /// (and Docker's published ports bypass host firewalls such as ufw). Management interfaces
    /// are the most valuable target there: the Docker API and etcd give full control of the
    /// host or cluster without a password, and admin UIs and SSH are brute-forced or exploited
    /// within hours of appearing on the internet.
    ///
    /// ## How to fix
    /// Bind the port to loopback (`"127.0.0.1:8081:80"`) and reach it through an SSH tunnel or
    /// VPN, or drop the `ports:` entry and reach the service on the compose network; for the
    /// Docker API use the local socket or TLS with client certificates behind a firewall.
    ///
    /// ## Example
    /// ```yaml
    /// # bad
    /// services:
    ///   pgadmin:
    ///     image: dpage/pgadmin4:8
    ///     ports: ["5050:80"]
    /// ```
    /// ```yaml
    /// # good
    /// services:
    ///   pgadmin:
    ///     image: dpage/pgadmin4:8
    ///     ports: ["127.0.0.1:5050:80"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/compose-file/services/#ports>
    /// - <https://docs.docker.com/engine/security/protect-access/>
    /// - <https://docs.docker.com/engine/network/packet-filtering-firewalls/>
    pub struct ComposeAdminPort {
        id: "compose-admin-port",
        severity: Medium,
        formats: [Compose],
        tags: ["security", "containers", "network"],
        precision: "high",
        summary: "A compose service publishes an administration port (SSH, Docker API, etcd, admin UI …) on all interfaces",
    }
}

/// Management ports by container port: (port, what, unauthenticated by default).
const ADMIN_PORTS: &[(u16, &str, bool)] = &[
    (22, "SSH", false),
    (23, "Telnet", false),
    (2375, "the Docker Engine API (plain HTTP)", true),
    (2376, "the Docker Engine API", false),
    (2377, "Docker Swarm management", false),
    (2379, "the etcd client API", true),
    (2380, "the etcd peer API", true),
    (6443, "the Kubernetes API server", false),
    (10250, "the kubelet API", true),
    (10255, "the kubelet read-only API", true),
    (3389, "RDP", false),
    (5900, "VNC", false),
    (5901, "VNC", false),
    (5985, "WinRM", false),
    (5986, "WinRM", false),
    (15672, "the RabbitMQ management UI", false),
    (8500, "the Consul HTTP API", false),
    (4646, "the Nomad HTTP API", false),
    (8001, "the Kong admin API", false),
    (8444, "the Kong admin API", false),
    (1099, "JMX/RMI", false),
    (7199, "Cassandra JMX", false),
    (9990, "the WildFly admin console", false),
    (4848, "the GlassFish admin console", false),
    (8161, "the ActiveMQ web console", false),
];

/// Administration UI images (repository without registry and tag; matched on the last path
/// segments): every published port of theirs is the UI.
const ADMIN_IMAGES: &[(&str, &str)] = &[
    ("phpmyadmin", "phpMyAdmin"),
    ("phpmyadmin/phpmyadmin", "phpMyAdmin"),
    ("dpage/pgadmin4", "pgAdmin"),
    ("adminer", "Adminer"),
    ("mongo-express", "mongo-express"),
    ("rediscommander/redis-commander", "Redis Commander"),
    ("redis/redisinsight", "RedisInsight"),
    ("redislabs/redisinsight", "RedisInsight"),
    ("erikdubbelboer/phpredisadmin", "phpRedisAdmin"),
    ("sosedoff/pgweb", "pgweb"),
    ("dbgate/dbgate", "DbGate"),
    ("dbeaver/cloudbeaver", "CloudBeaver"),
    ("provectuslabs/kafka-ui", "Kafka UI"),
    ("obsidiandynamics/kafdrop", "Kafdrop"),
    ("tchiotludo/akhq", "AKHQ"),
    ("portainer/portainer", "Portainer"),
    ("portainer/portainer-ce", "Portainer"),
    ("portainer/portainer-ee", "Portainer"),
];

/// The administration UI an image reference is, if any (`docker.io/library/adminer:4` →
/// Adminer, `ghcr.io/x/dpage/pgadmin4` is not matched by its registry part).
fn admin_image(image: &str) -> Option<&'static str> {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    let name_len = no_digest.len() - last.len() + last.split(':').next().unwrap_or(last).len();
    let repo = no_digest.get(..name_len).unwrap_or(no_digest).to_ascii_lowercase();
    let repo = repo.strip_prefix("docker.io/").unwrap_or(&repo);
    let repo = repo.strip_prefix("library/").unwrap_or(repo);
    ADMIN_IMAGES.iter().find(|(r, _)| repo == *r).map(|(_, what)| *what)
}

/// Whether the service's command turns on Traefik's insecure (unauthenticated) dashboard.
fn traefik_insecure_api(s: &ComposeService, def: Option<&Node>) -> bool {
    let image = s.image.as_ref().map_or("", |i| i.value.as_str()).to_ascii_lowercase();
    if !image.split(['@', ':']).next().unwrap_or("").ends_with("traefik") {
        return false;
    }
    let mut words: Vec<String> = list(def, "command").into_iter().map(|(t, _)| t).collect();
    words.extend(s.environment.iter().map(|e| format!("{}={}", e.key, e.value.as_deref().unwrap_or(""))));
    words.iter().any(|w| {
        let w = w.to_ascii_lowercase();
        w.contains("--api.insecure=true")
            || w.contains("--api.insecure ")
            || w.ends_with("--api.insecure")
            || w.starts_with("traefik_api_insecure=true")
    })
}

/// What management interface a published port entry exposes, with its severity.
fn exposed(s: &ComposeService, def: Option<&Node>, p: &ComposePort) -> Option<(String, Severity)> {
    if !p.public() {
        return None;
    }
    if let Some(ui) = s.image.as_ref().and_then(|i| admin_image(&i.value)) {
        return Some((format!("the {ui} administration UI"), Severity::Medium));
    }
    let target = p.container_port().or_else(|| p.host_port())?;
    if target == 8080 && traefik_insecure_api(s, def) {
        return Some((
            "Traefik's unauthenticated dashboard and API (`--api.insecure=true`)".to_owned(),
            Severity::High,
        ));
    }
    let (_, what, open) = ADMIN_PORTS.iter().find(|(port, _, _)| *port == target)?;
    Some(((*what).to_owned(), if *open { Severity::High } else { Severity::Medium }))
}

impl Rule for ComposeAdminPort {
    fn meta(&self) -> &'static crate::rule::RuleMeta {
        &Self::META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        for (_, s, def) in services(model) {
            for p in &s.ports {
                let Some((what, sev)) = exposed(s, def, p) else { continue };
                let env = model.env_of(p.span);
                let entry = p.raw.clone().unwrap_or_else(|| {
                    format!("{}:{}", p.published.as_deref().unwrap_or("?"), p.target.as_deref().unwrap_or("?"))
                });
                let msg = format!(
                    "Service `{}` publishes {what} on every host interface (`{entry}`): anyone who reaches the host can reach it",
                    s.name
                );
                out.push(
                    Finding::new(Self::META.id, sev.weigh(env), p.span, msg)
                        .fix("Bind it to loopback (`\"127.0.0.1:<host>:<container>\"`) and use an SSH tunnel or VPN, or remove the `ports:` entry")
                        .key(format!("services.{}.ports.{}", s.name, p.container_port().map_or(entry.clone(), |c| c.to_string())))
                        .env(env),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::admin_image;

    #[test]
    fn admin_images() {
        assert_eq!(admin_image("dpage/pgadmin4:8.2"), Some("pgAdmin"));
        assert_eq!(admin_image("docker.io/library/adminer"), Some("Adminer"));
        assert_eq!(admin_image("phpmyadmin:5@sha256:abc"), Some("phpMyAdmin"));
        assert_eq!(admin_image("registry:5000/adminer"), None);
        assert_eq!(admin_image("postgres:16"), None);
    }
}
