//! DigitalOcean, Hetzner Cloud and Cloudflare checks.

use infra_lint_core::terraform::Tri;

use super::engine::Cond::*;
use super::engine::{Ctx, Hit, Scope};

/// Admin, database and cache ports that must not face the internet.
const SENSITIVE_PORTS: &[u32] = &[
    22, 3389, 5432, 3306, 1433, 1521, 27017, 6379, 9200, 9300, 5984, 11211, 2379, 5601, 8086, 9042, 7000, 2375, 2376,
    6443, 10250,
];

fn is_open(s: &str) -> bool {
    matches!(s.trim(), "0.0.0.0/0" | "::/0")
}

/// A port spec (`"22"`, `"8000-9000"`, `"any"`, missing = all) covering one of `ports`.
fn port_covers(spec: Option<&str>, ports: &[u32]) -> Option<u32> {
    let spec = spec.unwrap_or("any").trim();
    if spec.is_empty() || spec.eq_ignore_ascii_case("any") || spec == "all" {
        return ports.first().copied();
    }
    let (a, b) = spec.split_once('-').unwrap_or((spec, spec));
    let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>()) else { return None };
    ports.iter().copied().find(|p| a <= *p && *p <= b)
}

fn strings(v: &infra_lint_core::terraform::Val) -> (Vec<String>, bool) {
    match v.as_list() {
        Some(l) => (l.iter().filter_map(|x| x.as_string()).collect(), l.iter().any(|x| x.as_string().is_none())),
        None => (v.as_string().into_iter().collect(), v.is_unknown()),
    }
}

/// Hetzner `hcloud_firewall` inbound rules open to the world on a sensitive port.
fn hcloud_open(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let mut unknown = false;
    for r in s.objects("rule") {
        let dir = r.get("direction").and_then(|(v, _)| v.as_string()).unwrap_or_default();
        if dir != "in" {
            continue;
        }
        let proto = r.get("protocol").and_then(|(v, _)| v.as_string()).unwrap_or_default();
        if proto != "tcp" && proto != "udp" {
            continue;
        }
        let Some((ips, span)) = r.get("source_ips") else { continue };
        let (list, unk) = strings(&ips);
        unknown |= unk;
        if !list.iter().any(|x| is_open(x)) {
            continue;
        }
        let port = r.get("port").and_then(|(v, _)| v.as_string());
        if let Some(p) = port_covers(port.as_deref(), SENSITIVE_PORTS) {
            return Hit::at(span, None, Some(format!("port {p} open to the internet")));
        }
    }
    Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
}

/// DigitalOcean firewall inbound/outbound rules to the world.
fn do_rules(s: &Scope<'_>, block: &str, key: &str) -> Hit {
    let mut unknown = false;
    for r in s.objects(block) {
        let Some((addrs, span)) = r.get(key) else { continue };
        let (list, unk) = strings(&addrs);
        unknown |= unk;
        if list.iter().any(|x| is_open(x)) {
            let port = r.get("port_range").and_then(|(v, _)| v.as_string()).unwrap_or_else(|| "all".to_owned());
            return Hit::at(span, None, Some(format!("ports {port}")));
        }
    }
    Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
}

fn do_inbound(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    // Web ports are meant to be public.
    let mut unknown = false;
    for r in s.objects("inbound_rule") {
        let Some((addrs, span)) = r.get("source_addresses") else { continue };
        let (list, unk) = strings(&addrs);
        unknown |= unk;
        if !list.iter().any(|x| is_open(x)) {
            continue;
        }
        let port = r.get("port_range").and_then(|(v, _)| v.as_string());
        if matches!(port.as_deref(), Some("80" | "443")) {
            continue;
        }
        return Hit::at(span, None, Some(format!("ports {}", port.unwrap_or_else(|| "all".to_owned()))));
    }
    Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
}

fn do_outbound(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    do_rules(s, "outbound_rule", "destination_addresses")
}

crate::cloud_checks! { CHECKS; "other";
    {
        id: "hetzner-firewall-open-sensitive-port",
        severity: High,
        types: ["hcloud_firewall"],
        service: "hetzner",
        summary: "A Hetzner Cloud firewall opening an admin, database or cache port to the internet",
        why: "SSH, RDP, PostgreSQL, MySQL, Redis, Elasticsearch, MongoDB and similar ports facing `0.0.0.0/0` or `::/0` are scanned and brute-forced within minutes.",
        fix: "Restrict `source_ips` to your office/VPN ranges, or reach the service over a private network",
        message: "firewall opens a sensitive port to the internet",
        when: Code(hcloud_open),
        aliases: [],
        bad: r#"resource "hcloud_firewall" "f" {
  name = "db"
  rule {
    direction  = "in"
    protocol   = "tcp"
    port       = "5432"
    source_ips = ["0.0.0.0/0", "::/0"]
  }
}
"#,
        good: r#"resource "hcloud_firewall" "f" {
  name = "web"
  rule {
    direction  = "in"
    protocol   = "tcp"
    port       = "443"
    source_ips = ["0.0.0.0/0", "::/0"]
  }
}
"#,
    },
    {
        id: "hetzner-server-without-firewall",
        severity: Medium,
        types: ["hcloud_server"],
        service: "hetzner",
        summary: "A Hetzner Cloud server with no firewall attached",
        why: "Hetzner servers get public IPv4/IPv6 addresses by default; without a firewall every listening service is reachable from the internet.",
        note: "Servers without any public address (`public_net { ipv4_enabled = false ipv6_enabled = false }`) are not reported.",
        fix: "Set `firewall_ids` or attach an `hcloud_firewall_attachment` (or `apply_to` a label selector)",
        message: "no firewall attached",
        when: And(&[
            Or(&[Not(&Set("firewall_ids")), Empty("firewall_ids")]),
            Not(&Related { types: &["hcloud_firewall_attachment"], via: "server_ids", cond: None }),
            Not(&Related { types: &["hcloud_firewall"], via: "apply_to.server", cond: None }),
            Not(&Related { types: &["hcloud_firewall"], via: "", cond: Some(&Has("apply_to")) }),
            Not(&And(&[False("public_net.ipv4_enabled"), False("public_net.ipv6_enabled")])),
        ]),
        aliases: [],
        bad: r#"resource "hcloud_server" "s" {
  name        = "app"
  image       = "ubuntu-24.04"
  server_type = "cx22"
}
"#,
        good: r#"resource "hcloud_server" "s" {
  name         = "app"
  image        = "ubuntu-24.04"
  server_type  = "cx22"
  firewall_ids = [hcloud_firewall.web.id]
}

resource "hcloud_firewall" "web" {
  name = "web"
}
"#,
    },
    {
        id: "digitalocean-firewall-public-ingress",
        severity: Medium,
        types: ["digitalocean_firewall"],
        service: "digitalocean",
        summary: "A DigitalOcean firewall allowing inbound traffic from the whole internet on non-web ports",
        why: "Every service behind the rule is reachable by anyone; only web ports (80/443) are normally meant to face the internet.",
        fix: "Restrict `source_addresses` to known ranges, tags or load balancers",
        message: "inbound traffic from the internet is allowed",
        when: Code(do_inbound),
        aliases: ["AVD-DIG-0001", "DIG-0001"],
        bad: r#"resource "digitalocean_firewall" "f" {
  name = "app"
  inbound_rule {
    protocol         = "tcp"
    port_range       = "22"
    source_addresses = ["0.0.0.0/0", "::/0"]
  }
}
"#,
        good: r#"resource "digitalocean_firewall" "f" {
  name = "app"
  inbound_rule {
    protocol         = "tcp"
    port_range       = "22"
    source_addresses = ["192.0.2.0/24"]
  }
}
"#,
    },
    {
        id: "digitalocean-firewall-public-egress",
        severity: Low,
        types: ["digitalocean_firewall"],
        service: "digitalocean",
        summary: "A DigitalOcean firewall allowing outbound traffic to the whole internet",
        why: "Unrestricted egress lets a compromised droplet download tools and exfiltrate data anywhere.",
        fix: "Restrict `destination_addresses`",
        message: "outbound traffic to the internet is allowed",
        when: Code(do_outbound),
        aliases: ["AVD-DIG-0003", "DIG-0003"],
        bad: r#"resource "digitalocean_firewall" "f" {
  name = "app"
  outbound_rule {
    protocol              = "tcp"
    port_range            = "1-65535"
    destination_addresses = ["0.0.0.0/0"]
  }
}
"#,
        good: r#"resource "digitalocean_firewall" "f" {
  name = "app"
  outbound_rule {
    protocol              = "tcp"
    port_range            = "443"
    destination_addresses = ["10.0.0.0/8"]
  }
}
"#,
    },
    {
        id: "digitalocean-database-no-trusted-sources",
        severity: High,
        types: ["digitalocean_database_cluster"],
        service: "digitalocean",
        summary: "A DigitalOcean managed database without trusted sources",
        why: "Without a `digitalocean_database_firewall`, the cluster accepts connections from any IP address on the internet; only the password protects it.",
        fix: "Add a `digitalocean_database_firewall` for the cluster with `rule`s for the droplets, tags or apps that need it",
        message: "database cluster has no trusted sources (firewall)",
        when: Not(&Related { types: &["digitalocean_database_firewall"], via: "cluster_id", cond: Some(&Has("rule")) }),
        aliases: [],
        bad: r#"resource "digitalocean_database_cluster" "db" {
  name       = "app"
  engine     = "pg"
  size       = "db-s-1vcpu-1gb"
  region     = "fra1"
  node_count = 1
}
"#,
        good: r#"resource "digitalocean_database_cluster" "db" {
  name       = "app"
  engine     = "pg"
  size       = "db-s-1vcpu-1gb"
  region     = "fra1"
  node_count = 1
}

resource "digitalocean_database_firewall" "db" {
  cluster_id = digitalocean_database_cluster.db.id
  rule {
    type  = "tag"
    value = "app"
  }
}
"#,
    },
    {
        id: "digitalocean-lb-http-entry",
        severity: Medium,
        types: ["digitalocean_loadbalancer"],
        service: "digitalocean",
        summary: "A DigitalOcean load balancer accepting plain HTTP without redirecting",
        why: "HTTP entry points send requests and cookies unencrypted unless they redirect to HTTPS.",
        fix: "Use `entry_protocol = \"https\"` (or `http2`) and set `redirect_http_to_https = true`",
        message: "HTTP forwarding rule without redirect to HTTPS",
        when: And(&[Any("forwarding_rule", &Eq("entry_protocol", "http")), Not(&True("redirect_http_to_https"))]),
        aliases: ["AVD-DIG-0002", "DIG-0002"],
        bad: r#"resource "digitalocean_loadbalancer" "l" {
  name = "web"
  forwarding_rule {
    entry_port      = 80
    entry_protocol  = "http"
    target_port     = 80
    target_protocol = "http"
  }
}
"#,
        good: r#"resource "digitalocean_loadbalancer" "l" {
  name = "web"
  forwarding_rule {
    entry_port      = 443
    entry_protocol  = "https"
    target_port     = 80
    target_protocol = "http"
    certificate_name = "web"
  }
}
"#,
    },
    {
        id: "digitalocean-droplet-no-ssh-keys",
        severity: Medium,
        types: ["digitalocean_droplet"],
        service: "digitalocean",
        summary: "A DigitalOcean droplet created without SSH keys",
        why: "Without SSH keys, the droplet gets an emailed root password and password SSH login.",
        fix: "Set `ssh_keys`",
        message: "no SSH keys: root password login",
        when: Or(&[Not(&Set("ssh_keys")), Empty("ssh_keys")]),
        aliases: ["AVD-DIG-0004", "DIG-0004"],
        bad: r#"resource "digitalocean_droplet" "d" {
  name   = "web"
  image  = "ubuntu-24-04-x64"
  size   = "s-1vcpu-1gb"
  region = "fra1"
}
"#,
        good: r#"resource "digitalocean_droplet" "d" {
  name     = "web"
  image    = "ubuntu-24-04-x64"
  size     = "s-1vcpu-1gb"
  region   = "fra1"
  ssh_keys = ["12345"]
}
"#,
    },
    {
        id: "digitalocean-k8s-surge-upgrade",
        severity: Low,
        types: ["digitalocean_kubernetes_cluster"],
        service: "digitalocean",
        summary: "A DigitalOcean Kubernetes cluster without surge upgrades",
        why: "Without surge upgrades, node upgrades take capacity away and cause downtime.",
        fix: "Set `surge_upgrade = true`",
        message: "surge upgrades are disabled",
        when: False("surge_upgrade"),
        aliases: ["AVD-DIG-0005", "DIG-0005"],
        bad: r#"resource "digitalocean_kubernetes_cluster" "k" {
  name          = "apps"
  surge_upgrade = false
}
"#,
        good: r#"resource "digitalocean_kubernetes_cluster" "k" {
  name          = "apps"
  surge_upgrade = true
}
"#,
    },
    {
        id: "digitalocean-spaces-public-acl",
        severity: High,
        types: ["digitalocean_spaces_bucket", "digitalocean_spaces_bucket_object"],
        service: "digitalocean",
        summary: "A DigitalOcean Spaces bucket or object readable by everyone",
        why: "A `public-read` ACL lets anyone list and download the content.",
        fix: "Use `acl = \"private\"` and serve public files through a CDN or signed URLs",
        message: "public-read ACL",
        when: Eq("acl", "public-read"),
        aliases: ["AVD-DIG-0006", "DIG-0006", "CKV_DIO_3"],
        bad: r#"resource "digitalocean_spaces_bucket" "b" {
  name   = "assets"
  region = "fra1"
  acl    = "public-read"
}
"#,
        good: r#"resource "digitalocean_spaces_bucket" "b" {
  name   = "assets"
  region = "fra1"
  acl    = "private"
}
"#,
    },
    {
        id: "digitalocean-spaces-versioning",
        severity: Low,
        types: ["digitalocean_spaces_bucket"],
        service: "digitalocean",
        summary: "A DigitalOcean Spaces bucket without versioning",
        why: "Without versioning, overwritten or deleted objects are gone.",
        fix: "Set `versioning { enabled = true }`",
        message: "versioning is not enabled",
        when: Not(&True("versioning.enabled")),
        aliases: ["AVD-DIG-0007", "DIG-0007"],
        bad: r#"resource "digitalocean_spaces_bucket" "b" {
  name   = "assets"
  region = "fra1"
}
"#,
        good: r#"resource "digitalocean_spaces_bucket" "b" {
  name   = "assets"
  region = "fra1"
  versioning {
    enabled = true
  }
}
"#,
    },
    {
        id: "digitalocean-spaces-force-destroy",
        severity: Medium,
        types: ["digitalocean_spaces_bucket"],
        service: "digitalocean",
        summary: "A DigitalOcean Spaces bucket with force_destroy",
        why: "`force_destroy = true` deletes every object when the bucket is destroyed, by mistake or not.",
        fix: "Remove `force_destroy = true`",
        message: "force_destroy is enabled",
        when: True("force_destroy"),
        aliases: ["AVD-DIG-0009", "DIG-0009"],
        bad: r#"resource "digitalocean_spaces_bucket" "b" {
  name          = "assets"
  region        = "fra1"
  force_destroy = true
}
"#,
        good: r#"resource "digitalocean_spaces_bucket" "b" {
  name   = "assets"
  region = "fra1"
}
"#,
    },
    {
        id: "cloudflare-ssl-not-strict",
        severity: High,
        types: ["cloudflare_zone_settings_override", "cloudflare_zone_setting"],
        service: "cloudflare",
        summary: "A Cloudflare zone whose SSL mode does not verify the origin (off or flexible)",
        why: "`off` serves visitors over HTTP; `flexible` encrypts only the visitor leg and talks to the origin in plaintext, and `full` accepts any origin certificate. `full (strict)` verifies the origin.",
        fix: "Set the SSL mode to `strict` (Full (strict)) with a valid origin certificate",
        message: "SSL mode does not encrypt and verify the origin connection",
        when: Or(&[
            In("settings.ssl", &["off", "flexible"]),
            And(&[Eq("setting_id", "ssl"), In("value", &["off", "flexible"])]),
        ]),
        aliases: [],
        bad: r#"resource "cloudflare_zone_settings_override" "z" {
  zone_id = "abc"
  settings {
    ssl = "flexible"
  }
}
"#,
        good: r#"resource "cloudflare_zone_settings_override" "z" {
  zone_id = "abc"
  settings {
    ssl = "strict"
  }
}
"#,
    },
    {
        id: "cloudflare-always-use-https-off",
        severity: Medium,
        types: ["cloudflare_zone_settings_override", "cloudflare_zone_setting"],
        service: "cloudflare",
        summary: "A Cloudflare zone that does not redirect HTTP to HTTPS",
        why: "With `always_use_https` off, visitors following `http://` links stay on plain HTTP.",
        fix: "Set `always_use_https = \"on\"`",
        message: "always_use_https is off",
        when: Or(&[Eq("settings.always_use_https", "off"), And(&[Eq("setting_id", "always_use_https"), Eq("value", "off")])]),
        aliases: [],
        bad: r#"resource "cloudflare_zone_settings_override" "z" {
  zone_id = "abc"
  settings {
    always_use_https = "off"
  }
}
"#,
        good: r#"resource "cloudflare_zone_settings_override" "z" {
  zone_id = "abc"
  settings {
    always_use_https = "on"
  }
}
"#,
    },
    {
        id: "cloudflare-min-tls",
        severity: Medium,
        types: ["cloudflare_zone_settings_override", "cloudflare_zone_setting"],
        service: "cloudflare",
        summary: "A Cloudflare zone accepting TLS 1.0 or 1.1",
        why: "TLS 1.0 and 1.1 are deprecated and have practical attacks; the Cloudflare default minimum is 1.0.",
        fix: "Set `min_tls_version = \"1.2\"`",
        message: "minimum TLS version is below 1.2",
        when: Or(&[In("settings.min_tls_version", &["1.0", "1.1"]), And(&[Eq("setting_id", "min_tls_version"), In("value", &["1.0", "1.1"])])]),
        aliases: [],
        bad: r#"resource "cloudflare_zone_settings_override" "z" {
  zone_id = "abc"
  settings {
    min_tls_version = "1.0"
  }
}
"#,
        good: r#"resource "cloudflare_zone_settings_override" "z" {
  zone_id = "abc"
  settings {
    min_tls_version = "1.2"
  }
}
"#,
    },
    {
        id: "cloudflare-tunnel-plaintext-secret",
        severity: High,
        types: ["cloudflare_tunnel", "cloudflare_zero_trust_tunnel_cloudflared"],
        service: "cloudflare",
        summary: "A Cloudflare tunnel whose secret is written in the configuration",
        why: "The tunnel secret lets anyone run a connector for the tunnel and receive its traffic.",
        fix: "Pass the secret from a variable or secret store (`tunnel_secret = var.tunnel_secret`, or `random_id`)",
        message: "tunnel secret is a literal",
        when: Or(&[Code(literal_secret)]),
        aliases: [],
        bad: r#"resource "cloudflare_tunnel" "t" {
  account_id = "abc"
  name       = "app"
  secret     = "AQIDBAUGBwgBAgMEBQYHCAECAwQFBgcIAQIDBAUGBwg="
}
"#,
        good: r#"resource "cloudflare_tunnel" "t" {
  account_id = "abc"
  name       = "app"
  secret     = random_id.tunnel.b64_std
}
"#,
    },
}

/// `secret`/`tunnel_secret` written as a literal in the block (not a reference or variable).
fn literal_secret(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    for key in ["secret", "tunnel_secret"] {
        if let Some((v, span)) = s.get(key) {
            if v.as_str().is_some_and(|t| t.len() >= 16) && v.provenance().is_empty() {
                return Hit::at(span, None, None);
            }
        }
    }
    Hit::no()
}
