//! More Azure checks: container registry hardening, AKS, App Configuration, Service Bus, Event
//! Grid and Cognitive Services identities, Cognitive Search, App Service plans, Application
//! Gateway TLS, SQL databases, Synapse, Spring Cloud, virtual network DNS and others.

use infra_lint_core::terraform::{Tri, Val, Value};

use super::engine::Cond::*;
use super::engine::{Ctx, Hit, Scope};

fn list_strings(v: &Val) -> Option<Vec<String>> {
    match &v.value {
        Value::List(l) => l.iter().map(Val::as_string).collect(),
        _ => v.as_string().map(|s| vec![s]),
    }
}

/// A DNS server address that is a public IPv4 address (not private, not Azure's resolver).
fn public_dns(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let Some((v, span)) = s.get("dns_servers") else { return Hit::no() };
    let Some(items) = list_strings(&v) else { return Hit::tri(Tri::Unknown) };
    for ip in items {
        let Ok(addr) = ip.trim().parse::<std::net::Ipv4Addr>() else { continue };
        let o = addr.octets();
        let private = addr.is_private()
            || addr.is_loopback()
            || addr.is_link_local()
            || o == [168, 63, 129, 16]
            || (o[0] == 100 && (64..128).contains(&o[1]));
        if !private {
            return Hit::at(span, Some(v.clone()), Some(ip));
        }
    }
    Hit::no()
}

/// An `http_listener` on plain HTTP whose routing rule does not redirect.
fn appgw_http_listener(_: &Ctx<'_>, s: &Scope<'_>) -> Hit {
    let rules = s.objects("request_routing_rule");
    let mut unknown = false;
    for l in s.objects("http_listener") {
        let Some((proto, span)) = l.get("protocol") else { continue };
        match proto.as_string() {
            Some(p) if p.eq_ignore_ascii_case("Http") => {}
            Some(_) => continue,
            None => {
                unknown = true;
                continue;
            }
        }
        let Some(name) = l.get("name").and_then(|(v, _)| v.as_string()) else {
            unknown = true;
            continue;
        };
        let mut redirected = false;
        for r in &rules {
            let Some(ln) = r.get("http_listener_name") else { continue };
            match ln.0.as_string() {
                Some(n) if n == name => redirected |= r.get("redirect_configuration_name").is_some(),
                Some(_) => {}
                None => unknown = true,
            }
        }
        if !redirected {
            return Hit::at(span, Some(proto), Some(format!("listener {name}")));
        }
    }
    Hit::tri(if unknown { Tri::Unknown } else { Tri::False })
}

crate::cloud_checks! { CHECKS; "azure";
    {
        id: "azure-acr-no-content-trust",
        severity: Low,
        types: ["azurerm_container_registry"],
        service: "container-registry",
        summary: "A container registry without content trust",
        why: "Content trust lets clients verify that an image was signed by its publisher; without it a pushed or replaced image is pulled on trust alone.",
        note: "Content trust requires the Premium SKU.",
        fix: "Set `trust_policy_enabled = true` (a `trust_policy { enabled = true }` block on provider versions before 4.0) on a Premium registry",
        message: "content trust (signed images) is not enabled",
        when: Not(&Or(&[True("trust_policy_enabled"), True("trust_policy.enabled")])),
        aliases: ["CKV_AZURE_164"],
        bad: r#"resource "azurerm_container_registry" "acr" {
  name = "acr"
  sku  = "Premium"
}
"#,
        good: r#"resource "azurerm_container_registry" "acr" {
  name                 = "acr"
  sku                  = "Premium"
  trust_policy_enabled = true
}
"#,
    },
    {
        id: "azure-acr-no-quarantine",
        severity: Low,
        types: ["azurerm_container_registry"],
        service: "container-registry",
        summary: "A container registry that does not quarantine new images",
        why: "With the quarantine policy, a pushed image cannot be pulled until a scanner marks it verified; without it an image is served the moment it lands.",
        fix: "Set `quarantine_policy_enabled = true` (Premium SKU) and have the scanner release verified images",
        message: "image quarantine is not enabled",
        when: Not(&True("quarantine_policy_enabled")),
        aliases: ["CKV_AZURE_166"],
        bad: r#"resource "azurerm_container_registry" "acr" {
  name = "acr"
  sku  = "Premium"
}
"#,
        good: r#"resource "azurerm_container_registry" "acr" {
  name                      = "acr"
  sku                       = "Premium"
  quarantine_policy_enabled = true
}
"#,
    },
    {
        id: "azure-acr-not-geo-replicated",
        severity: Low,
        types: ["azurerm_container_registry"],
        service: "container-registry",
        summary: "A container registry that is not geo-replicated",
        why: "A registry in one region is a single point of failure for every deployment that pulls from it; geo-replicas keep pulls working (and local) during a regional outage.",
        note: "Geo-replication requires the Premium SKU.",
        fix: "Use the Premium SKU and add `georeplications { location = … }` for the regions you deploy to",
        message: "registry has no geo-replication",
        when: Or(&[And(&[Set("sku"), Not(&Eq("sku", "Premium"))]), Not(&Has("georeplications"))]),
        aliases: ["CKV_AZURE_165"],
        bad: r#"resource "azurerm_container_registry" "acr" {
  name = "acr"
  sku  = "Standard"
}
"#,
        good: r#"resource "azurerm_container_registry" "acr" {
  name = "acr"
  sku  = "Premium"
  georeplications {
    location = "westeurope"
  }
}
"#,
    },
    {
        id: "azure-acr-not-zone-redundant",
        severity: Low,
        types: ["azurerm_container_registry"],
        service: "container-registry",
        summary: "A container registry (or one of its replicas) that is not zone redundant",
        why: "Without zone redundancy an availability-zone outage takes the registry down, and with it every pull.",
        fix: "Set `zone_redundancy_enabled = true` on the registry and on each `georeplications` block (Premium SKU)",
        message: "zone redundancy is not enabled",
        when: Or(&[
            Not(&True("zone_redundancy_enabled")),
            Any("georeplications", &Not(&True("zone_redundancy_enabled"))),
        ]),
        aliases: ["CKV_AZURE_233"],
        bad: r#"resource "azurerm_container_registry" "acr" {
  name = "acr"
  sku  = "Premium"
}
"#,
        good: r#"resource "azurerm_container_registry" "acr" {
  name                    = "acr"
  sku                     = "Premium"
  zone_redundancy_enabled = true
}
"#,
    },
    {
        id: "azure-aks-max-pods-low",
        severity: Low,
        types: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
        service: "aks",
        summary: "An AKS node pool allowing fewer than 50 pods per node",
        why: "System pods (DNS, CNI, monitoring, CSI drivers) take a good share of a node's pod slots; with the defaults (30) nodes run out of slots long before CPU or memory and workloads stay pending.",
        fix: "Set `max_pods` to 50 or more (it can only be set when the pool is created)",
        message: "max_pods is below 50",
        when: Or(&[
            And(&[Type("azurerm_kubernetes_cluster"), Has("default_node_pool"), Or(&[Not(&Set("default_node_pool.max_pods")), Lt("default_node_pool.max_pods", 50.0)])]),
            And(&[Type("azurerm_kubernetes_cluster_node_pool"), Or(&[Not(&Set("max_pods")), Lt("max_pods", 50.0)])]),
        ]),
        aliases: ["CKV_AZURE_168"],
        bad: r#"resource "azurerm_kubernetes_cluster_node_pool" "p" {
  name     = "apps"
  vm_size  = "Standard_D4s_v5"
  max_pods = 30
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster_node_pool" "p" {
  name     = "apps"
  vm_size  = "Standard_D4s_v5"
  max_pods = 60
}
"#,
    },
    {
        id: "azure-aks-free-tier",
        severity: Low,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster on the Free tier (no uptime SLA)",
        why: "The Free tier has no financially backed SLA for the API server and fewer control-plane resources; production clusters need the Standard (formerly Paid) tier.",
        fix: "Set `sku_tier = \"Standard\"`",
        message: "cluster uses the Free tier without an uptime SLA",
        when: Not(&In("sku_tier", &["Standard", "Paid", "Premium"])),
        aliases: ["CKV_AZURE_170"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name     = "prod"
  sku_tier = "Free"
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name     = "prod"
  sku_tier = "Standard"
}
"#,
    },
    {
        id: "azure-aks-secret-rotation",
        severity: Low,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster whose Key Vault secrets provider does not rotate secrets",
        why: "Without rotation, pods keep the secret value mounted at start: a secret rotated in Key Vault after a leak is still served by the cluster until every pod restarts.",
        fix: "Set `key_vault_secrets_provider { secret_rotation_enabled = true }`",
        message: "Secrets Store CSI driver rotation is not enabled",
        when: And(&[Has("key_vault_secrets_provider"), Not(&True("key_vault_secrets_provider.secret_rotation_enabled"))]),
        aliases: ["CKV_AZURE_172"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "prod"
  key_vault_secrets_provider {
    secret_rotation_enabled = false
  }
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "prod"
  key_vault_secrets_provider {
    secret_rotation_enabled  = true
    secret_rotation_interval = "2m"
  }
}
"#,
    },
    {
        id: "azure-free-sku-no-sla",
        severity: Low,
        types: ["azurerm_web_pubsub", "azurerm_signalr_service", "azurerm_kusto_cluster", "azurerm_redis_cache"],
        service: "sla",
        summary: "A Web PubSub, SignalR, Data Explorer or Redis service on a SKU without an SLA",
        why: "Free, developer and Basic SKUs run on a single node with no SLA (and, for Redis Basic, no replica): fine for trials, an outage waiting to happen in production.",
        fix: "Use a paid SKU with an SLA (`Standard_S1`, a non-Dev Data Explorer SKU, Redis `Standard` or `Premium`)",
        message: "SKU has no SLA",
        when: Or(&[
            And(&[Type("azurerm_web_pubsub"), Prefix("sku", "Free")]),
            And(&[Type("azurerm_signalr_service"), Prefix("sku.name", "Free")]),
            And(&[Type("azurerm_kusto_cluster"), Prefix("sku.name", "Dev(No SLA)")]),
            And(&[Type("azurerm_redis_cache"), Eq("sku_name", "Basic")]),
        ]),
        aliases: ["CKV_AZURE_175", "CKV_AZURE_196", "CKV_AZURE_180", "CKV_AZURE_230"],
        bad: r#"resource "azurerm_web_pubsub" "ps" {
  name = "events"
  sku  = "Free_F1"
}
"#,
        good: r#"resource "azurerm_web_pubsub" "ps" {
  name = "events"
  sku  = "Standard_S1"
}
"#,
    },
    {
        id: "azure-app-configuration-no-cmk",
        severity: Low,
        types: ["azurerm_app_configuration"],
        service: "app-configuration",
        summary: "An App Configuration store not encrypted with a customer-managed key",
        why: "Configuration stores often hold connection strings; a customer-managed key keeps revocation and key rotation in the tenant's hands.",
        fix: "Add `encryption { key_vault_key_identifier = … identity_client_id = … }` (Standard SKU, user-assigned identity)",
        message: "store is not encrypted with a customer-managed key",
        when: Not(&Set("encryption.key_vault_key_identifier")),
        aliases: ["CKV_AZURE_186"],
        bad: r#"resource "azurerm_app_configuration" "cfg" {
  name = "cfg"
  sku  = "standard"
}
"#,
        good: r#"resource "azurerm_app_configuration" "cfg" {
  name = "cfg"
  sku  = "standard"
  encryption {
    key_vault_key_identifier = azurerm_key_vault_key.cfg.id
    identity_client_id       = azurerm_user_assigned_identity.cfg.client_id
  }
}
"#,
    },
    {
        id: "azure-app-configuration-purge-protection",
        severity: Low,
        types: ["azurerm_app_configuration"],
        service: "app-configuration",
        summary: "An App Configuration store without purge protection",
        why: "Without purge protection a deleted store (and every key in it) can be purged at once, by mistake or by an attacker, before the soft-delete period ends.",
        fix: "Set `purge_protection_enabled = true` (Standard SKU)",
        message: "purge protection is not enabled",
        when: Not(&True("purge_protection_enabled")),
        aliases: ["CKV_AZURE_187"],
        bad: r#"resource "azurerm_app_configuration" "cfg" {
  name = "cfg"
  sku  = "standard"
}
"#,
        good: r#"resource "azurerm_app_configuration" "cfg" {
  name                     = "cfg"
  sku                      = "standard"
  purge_protection_enabled = true
}
"#,
    },
    {
        id: "azure-app-configuration-free-sku",
        severity: Low,
        types: ["azurerm_app_configuration"],
        service: "app-configuration",
        summary: "An App Configuration store on the Free SKU",
        why: "The Free SKU (the default) has no SLA, no private endpoints, no customer-managed keys and no purge protection.",
        fix: "Set `sku = \"standard\"` (or `premium`)",
        message: "store is not on the Standard or Premium SKU",
        when: Not(&In("sku", &["standard", "premium"])),
        aliases: ["CKV_AZURE_188"],
        bad: r#"resource "azurerm_app_configuration" "cfg" {
  name = "cfg"
  sku  = "free"
}
"#,
        good: r#"resource "azurerm_app_configuration" "cfg" {
  name = "cfg"
  sku  = "standard"
}
"#,
    },
    {
        id: "azure-no-managed-identity",
        severity: Low,
        types: ["azurerm_eventgrid_domain", "azurerm_servicebus_namespace", "azurerm_cognitive_account"],
        service: "identity",
        summary: "An Event Grid domain, Service Bus namespace or Cognitive Services account without a managed identity",
        why: "Without a managed identity the service reaches Key Vault, storage or other endpoints with keys or connection strings that have to be stored and rotated somewhere.",
        fix: "Add `identity { type = \"SystemAssigned\" }` (or a user-assigned identity)",
        message: "no managed identity is configured",
        when: Not(&Has("identity")),
        aliases: ["CKV_AZURE_194", "CKV_AZURE_202", "CKV_AZURE_238"],
        bad: r#"resource "azurerm_servicebus_namespace" "sb" {
  name = "bus"
  sku  = "Premium"
}
"#,
        good: r#"resource "azurerm_servicebus_namespace" "sb" {
  name = "bus"
  sku  = "Premium"
  identity {
    type = "SystemAssigned"
  }
}
"#,
    },
    {
        id: "azure-servicebus-no-double-encryption",
        severity: Low,
        types: ["azurerm_servicebus_namespace"],
        service: "servicebus",
        summary: "A Service Bus namespace with a customer-managed key but no infrastructure encryption",
        why: "Infrastructure (double) encryption adds a second layer of encryption with a platform key, protecting the data if one algorithm or key is compromised.",
        fix: "Set `customer_managed_key { infrastructure_encryption_enabled = true }`",
        message: "infrastructure (double) encryption is not enabled",
        when: And(&[Has("customer_managed_key"), Not(&True("customer_managed_key.infrastructure_encryption_enabled"))]),
        aliases: ["CKV_AZURE_199"],
        bad: r#"resource "azurerm_servicebus_namespace" "sb" {
  name = "bus"
  sku  = "Premium"
  customer_managed_key {
    identity_id      = azurerm_user_assigned_identity.sb.id
    key_vault_key_id = azurerm_key_vault_key.sb.id
  }
}
"#,
        good: r#"resource "azurerm_servicebus_namespace" "sb" {
  name = "bus"
  sku  = "Premium"
  customer_managed_key {
    identity_id                       = azurerm_user_assigned_identity.sb.id
    key_vault_key_id                  = azurerm_key_vault_key.sb.id
    infrastructure_encryption_enabled = true
  }
}
"#,
    },
    {
        id: "azure-search-replicas-updates",
        severity: Low,
        types: ["azurerm_search_service"],
        service: "search",
        summary: "A Cognitive Search service with fewer than three replicas (no SLA for index updates)",
        why: "Azure backs read-write (query and index update) availability only with three or more replicas; with fewer, maintenance can stop indexing.",
        fix: "Set `replica_count = 3` or more",
        message: "fewer than 3 replicas (no SLA for index updates)",
        when: And(&[Not(&In("sku", &["free", "basic"])), Or(&[Not(&Set("replica_count")), Lt("replica_count", 3.0)])]),
        aliases: ["CKV_AZURE_208"],
        bad: r#"resource "azurerm_search_service" "s" {
  name          = "search"
  sku           = "standard"
  replica_count = 2
}
"#,
        good: r#"resource "azurerm_search_service" "s" {
  name          = "search"
  sku           = "standard"
  replica_count = 3
}
"#,
    },
    {
        id: "azure-search-replicas-queries",
        severity: Low,
        types: ["azurerm_search_service"],
        service: "search",
        summary: "A Cognitive Search service with a single replica (no SLA for queries)",
        why: "Azure backs read-only (query) availability only with two or more replicas; with one, maintenance takes search down.",
        fix: "Set `replica_count = 2` or more",
        message: "a single replica (no SLA for queries)",
        when: And(&[Not(&In("sku", &["free", "basic"])), Or(&[Not(&Set("replica_count")), Lt("replica_count", 2.0)])]),
        aliases: ["CKV_AZURE_209"],
        bad: r#"resource "azurerm_search_service" "s" {
  name          = "search"
  sku           = "standard"
  replica_count = 1
}
"#,
        good: r#"resource "azurerm_search_service" "s" {
  name          = "search"
  sku           = "standard"
  replica_count = 2
}
"#,
    },
    {
        id: "azure-search-allowed-ips-open",
        severity: High,
        types: ["azurerm_search_service"],
        service: "search",
        summary: "A Cognitive Search service whose IP allow-list admits the whole internet",
        why: "An allowed range of `0.0.0.0/0` turns the firewall off: the index and its admin API are reachable from any address.",
        fix: "List only the client ranges in `allowed_ips`, or disable public network access and use a private endpoint",
        message: "allowed_ips admits every address",
        when: OpenCidr("allowed_ips"),
        aliases: ["CKV_AZURE_210"],
        bad: r#"resource "azurerm_search_service" "s" {
  name        = "search"
  sku         = "standard"
  allowed_ips = ["0.0.0.0/0"]
}
"#,
        good: r#"resource "azurerm_search_service" "s" {
  name        = "search"
  sku         = "standard"
  allowed_ips = ["203.0.113.0/24"]
}
"#,
    },
    {
        id: "azure-service-plan-dev-sku",
        severity: Low,
        types: ["azurerm_service_plan"],
        service: "app-service",
        summary: "An App Service plan on a Free, Shared or Basic SKU",
        why: "Free, Shared and Basic plans have no autoscale, no deployment slots, no zone redundancy and (Free/Shared) no SLA; they are meant for development, not production workloads.",
        fix: "Use a Standard, Premium or Isolated SKU (`S1`, `P1v3` …) for production",
        message: "plan uses a development SKU",
        when: In("sku_name", &["F1", "FREE", "D1", "SHARED", "B1", "B2", "B3"]),
        aliases: ["CKV_AZURE_211"],
        bad: r#"resource "azurerm_service_plan" "plan" {
  name     = "web"
  os_type  = "Linux"
  sku_name = "B1"
}
"#,
        good: r#"resource "azurerm_service_plan" "plan" {
  name     = "web"
  os_type  = "Linux"
  sku_name = "P1v3"
}
"#,
    },
    {
        id: "azure-service-plan-single-instance",
        severity: Low,
        types: ["azurerm_service_plan"],
        service: "app-service",
        summary: "An App Service plan running a single instance",
        why: "With one worker, a platform update or instance failure takes every app of the plan down; two or more instances fail over.",
        note: "Consumption and Elastic Premium function plans (`Y1`, `FC1`, `EP*`) scale by themselves and are not reported.",
        fix: "Set `worker_count = 2` or more",
        message: "plan runs fewer than 2 instances",
        when: And(&[
            Not(&In("sku_name", &["Y1", "FC1", "F1", "FREE", "D1", "SHARED"])),
            Not(&Prefix("sku_name", "EP")),
            Or(&[Not(&Set("worker_count")), Lt("worker_count", 2.0)]),
        ]),
        aliases: ["CKV_AZURE_212"],
        bad: r#"resource "azurerm_service_plan" "plan" {
  name         = "web"
  os_type      = "Linux"
  sku_name     = "P1v3"
  worker_count = 1
}
"#,
        good: r#"resource "azurerm_service_plan" "plan" {
  name         = "web"
  os_type      = "Linux"
  sku_name     = "P1v3"
  worker_count = 3
}
"#,
    },
    {
        id: "azure-service-plan-not-zone-redundant",
        severity: Low,
        types: ["azurerm_service_plan"],
        service: "app-service",
        summary: "An App Service plan that is not zone redundant",
        why: "Without zone balancing all instances may sit in one availability zone, which a single datacentre outage takes down.",
        fix: "Set `zone_balancing_enabled = true` (Premium v2/v3 or Isolated v2, at least 2 instances)",
        message: "zone balancing is not enabled",
        when: And(&[Not(&In("sku_name", &["Y1", "FC1", "F1", "FREE", "D1", "SHARED", "B1", "B2", "B3"])), Not(&True("zone_balancing_enabled"))]),
        aliases: ["CKV_AZURE_225"],
        bad: r#"resource "azurerm_service_plan" "plan" {
  name     = "web"
  os_type  = "Linux"
  sku_name = "P1v3"
}
"#,
        good: r#"resource "azurerm_service_plan" "plan" {
  name                   = "web"
  os_type                = "Linux"
  sku_name               = "P1v3"
  worker_count           = 3
  zone_balancing_enabled = true
}
"#,
    },
    {
        id: "azure-appgw-http-listener",
        severity: Medium,
        types: ["azurerm_application_gateway"],
        service: "network",
        summary: "An Application Gateway listener serving plain HTTP without redirecting to HTTPS",
        why: "Requests and responses on an HTTP listener travel unencrypted, cookies and credentials included.",
        note: "A listener whose routing rule redirects (`redirect_configuration_name`) is not reported: that is the usual HTTP-to-HTTPS redirect.",
        fix: "Serve on an `Https` listener with a certificate, and route the HTTP listener to a redirect configuration",
        message: "HTTP listener does not redirect to HTTPS",
        when: Code(appgw_http_listener),
        aliases: ["CKV_AZURE_217"],
        bad: r#"resource "azurerm_application_gateway" "gw" {
  name = "gw"
  http_listener {
    name                           = "web"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http"
  }
  request_routing_rule {
    name                       = "web"
    rule_type                  = "Basic"
    http_listener_name         = "web"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app"
  }
}
"#,
        good: r#"resource "azurerm_application_gateway" "gw" {
  name = "gw"
  http_listener {
    name                           = "web"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http"
  }
  request_routing_rule {
    name                        = "web"
    rule_type                   = "Basic"
    http_listener_name          = "web"
    redirect_configuration_name = "to-https"
  }
}
"#,
    },
    {
        id: "azure-appgw-weak-ssl-policy",
        severity: Medium,
        types: ["azurerm_application_gateway"],
        service: "network",
        summary: "An Application Gateway whose SSL policy allows TLS below 1.2",
        why: "The older predefined policies (`AppGwSslPolicy20150501`, `AppGwSslPolicy20170401`) and custom policies with `TLSv1_0`/`TLSv1_1` accept deprecated protocol versions and weak ciphers.",
        fix: "Set `ssl_policy { policy_type = \"Predefined\" policy_name = \"AppGwSslPolicy20220101\" }` (or a custom policy with `min_protocol_version = \"TLSv1_2\"`)",
        message: "SSL policy allows TLS below 1.2",
        when: Or(&[
            In("ssl_policy.min_protocol_version", &["TLSv1_0", "TLSv1_1"]),
            In("ssl_policy.policy_name", &["AppGwSslPolicy20150501", "AppGwSslPolicy20170401", "20150501", "20170401"]),
            Any("ssl_policy", &And(&[Not(&Set("policy_name")), Not(&Set("min_protocol_version")), Not(&Set("policy_type"))])),
        ]),
        aliases: ["CKV_AZURE_218"],
        bad: r#"resource "azurerm_application_gateway" "gw" {
  name = "gw"
  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20150501"
  }
}
"#,
        good: r#"resource "azurerm_application_gateway" "gw" {
  name = "gw"
  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101"
  }
}
"#,
    },
    {
        id: "azure-sql-database-no-ledger",
        severity: Low,
        types: ["azurerm_mssql_database"],
        service: "sql",
        summary: "An Azure SQL database without the ledger feature",
        why: "Ledger tables keep a cryptographically verifiable history of changes, so tampering by a privileged user or attacker can be detected.",
        note: "Ledger can only be enabled when the database is created.",
        fix: "Set `ledger_enabled = true` on new databases that hold records needing an audit trail",
        message: "ledger is not enabled",
        when: Not(&True("ledger_enabled")),
        aliases: ["CKV_AZURE_224"],
        bad: r#"resource "azurerm_mssql_database" "db" {
  name      = "ledgerdb"
  server_id = azurerm_mssql_server.sql.id
}
"#,
        good: r#"resource "azurerm_mssql_database" "db" {
  name           = "ledgerdb"
  server_id      = azurerm_mssql_server.sql.id
  ledger_enabled = true
}
"#,
    },
    {
        id: "azure-sql-database-not-zone-redundant",
        severity: Low,
        types: ["azurerm_mssql_database"],
        service: "sql",
        summary: "An Azure SQL database that is not zone redundant",
        why: "Without zone redundancy the database's replicas share one availability zone; a zone outage makes it unavailable.",
        fix: "Set `zone_redundant = true` (Premium, Business Critical, Hyperscale or General Purpose)",
        message: "zone redundancy is not enabled",
        when: Not(&True("zone_redundant")),
        aliases: ["CKV_AZURE_229"],
        bad: r#"resource "azurerm_mssql_database" "db" {
  name      = "app"
  server_id = azurerm_mssql_server.sql.id
}
"#,
        good: r#"resource "azurerm_mssql_database" "db" {
  name           = "app"
  server_id      = azurerm_mssql_server.sql.id
  zone_redundant = true
}
"#,
    },
    {
        id: "azure-synapse-sql-pool-unencrypted",
        severity: Medium,
        types: ["azurerm_synapse_sql_pool"],
        service: "synapse",
        summary: "A Synapse dedicated SQL pool without transparent data encryption",
        why: "Transparent data encryption is off by default for dedicated SQL pools: data files, logs and backups are stored unencrypted.",
        fix: "Set `data_encrypted = true`",
        message: "transparent data encryption is not enabled",
        when: Not(&True("data_encrypted")),
        aliases: ["CKV_AZURE_241"],
        bad: r#"resource "azurerm_synapse_sql_pool" "pool" {
  name                 = "dw"
  synapse_workspace_id = azurerm_synapse_workspace.ws.id
  sku_name             = "DW100c"
}
"#,
        good: r#"resource "azurerm_synapse_sql_pool" "pool" {
  name                 = "dw"
  synapse_workspace_id = azurerm_synapse_workspace.ws.id
  sku_name             = "DW100c"
  data_encrypted       = true
}
"#,
    },
    {
        id: "azure-synapse-spark-no-isolation",
        severity: Low,
        types: ["azurerm_synapse_spark_pool"],
        service: "synapse",
        summary: "A Synapse Spark pool without isolated compute",
        why: "Isolated compute runs the pool on hardware dedicated to one customer, removing co-tenancy with other workloads.",
        fix: "Set `compute_isolation_enabled = true` (isolated node sizes)",
        message: "isolated compute is not enabled",
        when: Not(&True("compute_isolation_enabled")),
        aliases: ["CKV_AZURE_242"],
        bad: r#"resource "azurerm_synapse_spark_pool" "spark" {
  name                 = "spark"
  synapse_workspace_id = azurerm_synapse_workspace.ws.id
}
"#,
        good: r#"resource "azurerm_synapse_spark_pool" "spark" {
  name                      = "spark"
  synapse_workspace_id      = azurerm_synapse_workspace.ws.id
  compute_isolation_enabled = true
}
"#,
    },
    {
        id: "azure-synapse-admin-password-in-code",
        severity: High,
        types: ["azurerm_synapse_workspace"],
        service: "synapse",
        summary: "A Synapse workspace SQL administrator password written in the configuration",
        why: "A password in the code (or a variable default) is in the repository history and the state for anyone with read access; it is rarely rotated.",
        fix: "Use Azure AD-only authentication, or pass the password from a secret store (`random_password`, Key Vault) instead of a literal",
        message: "SQL administrator password is set from a literal",
        when: And(&[Set("sql_administrator_login_password"), Not(&Empty("sql_administrator_login_password"))]),
        aliases: ["CKV_AZURE_239"],
        bad: r#"resource "azurerm_synapse_workspace" "ws" {
  name                             = "ws"
  sql_administrator_login          = "sqladmin"
  sql_administrator_login_password = "H@rdcoded-Passw0rd"
}
"#,
        good: r#"resource "azurerm_synapse_workspace" "ws" {
  name                    = "ws"
  sql_administrator_login = "sqladmin"
  azuread_authentication_only = true
}
"#,
    },
    {
        id: "azure-openai-outbound-unrestricted",
        severity: Medium,
        types: ["azurerm_cognitive_account"],
        service: "cognitive-services",
        summary: "An Azure OpenAI account whose outbound network access is not restricted",
        why: "Features that fetch data (\"on your data\", plugins) can send prompts and data to any host; restricting outbound access to listed FQDNs is the data-loss-prevention control.",
        fix: "Set `outbound_network_access_restricted = true` and list the allowed hosts in `fqdns`",
        message: "outbound network access is not restricted to listed FQDNs",
        when: And(&[
            Eq("kind", "OpenAI"),
            Or(&[Not(&True("outbound_network_access_restricted")), Not(&Set("fqdns")), Empty("fqdns")]),
        ]),
        aliases: ["CKV_AZURE_247"],
        bad: r#"resource "azurerm_cognitive_account" "ai" {
  name     = "openai"
  kind     = "OpenAI"
  sku_name = "S0"
}
"#,
        good: r#"resource "azurerm_cognitive_account" "ai" {
  name                               = "openai"
  kind                               = "OpenAI"
  sku_name                           = "S0"
  outbound_network_access_restricted = true
  fqdns                              = ["data.example.com"]
}
"#,
    },
    {
        id: "azure-function-builtin-logging-off",
        severity: Low,
        types: ["azurerm_function_app", "azurerm_function_app_slot"],
        service: "app-service",
        summary: "A function app with built-in logging turned off",
        why: "Built-in logging writes invocation logs to the storage account; turning it off without Application Insights leaves no record of executions and failures.",
        fix: "Remove `enable_builtin_logging = false` (default `true`) or configure Application Insights",
        message: "built-in logging is disabled",
        when: False("enable_builtin_logging"),
        aliases: ["CKV_AZURE_159"],
        bad: r#"resource "azurerm_function_app" "fn" {
  name                   = "fn"
  enable_builtin_logging = false
}
"#,
        good: r#"resource "azurerm_function_app" "fn" {
  name = "fn"
}
"#,
    },
    {
        id: "azure-spring-api-portal-http",
        severity: Medium,
        types: ["azurerm_spring_cloud_api_portal"],
        service: "spring-cloud",
        summary: "A Spring Cloud API portal that accepts plain HTTP",
        why: "Without HTTPS only, the portal (and its SSO flow) can be reached over unencrypted HTTP.",
        fix: "Set `https_only_enabled = true`",
        message: "HTTPS only is not enabled",
        when: Not(&True("https_only_enabled")),
        aliases: ["CKV_AZURE_161"],
        bad: r#"resource "azurerm_spring_cloud_api_portal" "portal" {
  name                    = "default"
  spring_cloud_service_id = azurerm_spring_cloud_service.svc.id
}
"#,
        good: r#"resource "azurerm_spring_cloud_api_portal" "portal" {
  name                    = "default"
  spring_cloud_service_id = azurerm_spring_cloud_service.svc.id
  https_only_enabled      = true
}
"#,
    },
    {
        id: "azure-vnet-public-dns",
        severity: Low,
        types: ["azurerm_virtual_network"],
        service: "network",
        summary: "A virtual network using public DNS servers",
        why: "Public resolvers (8.8.8.8 …) cannot resolve private endpoints or private DNS zones, and every lookup of internal names leaves the network.",
        fix: "Use Azure DNS (leave `dns_servers` unset) or resolvers inside the network",
        message: "a DNS server is a public address",
        when: Code(public_dns),
        aliases: ["CKV_AZURE_183"],
        bad: r#"resource "azurerm_virtual_network" "vnet" {
  name          = "vnet"
  address_space = ["10.0.0.0/16"]
  dns_servers   = ["8.8.8.8"]
}
"#,
        good: r#"resource "azurerm_virtual_network" "vnet" {
  name          = "vnet"
  address_space = ["10.0.0.0/16"]
  dns_servers   = ["10.0.0.4", "10.0.0.5"]
}
"#,
    },
}
