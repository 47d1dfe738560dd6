//! Azure checks: storage accounts, App Service, AKS, Key Vault, databases, virtual machines and
//! networking, container registry, monitoring and Defender, and other services.

use super::engine::Cond::{self, *};

/// The storage account allows HTTP (old and new attribute names; default is HTTPS only).
const STORAGE_HTTP: Cond = Or(&[False("enable_https_traffic_only"), False("https_traffic_only_enabled")]);

crate::cloud_checks! { CHECKS; "azure";
    {
        id: "azure-storage-https-only",
        severity: High,
        types: ["azurerm_storage_account"],
        service: "storage",
        summary: "A storage account accepting plain HTTP",
        why: "With secure transfer off, data and shared-key signatures can travel unencrypted.",
        fix: "Remove `https_traffic_only_enabled = false` (`enable_https_traffic_only` on older providers)",
        message: "secure transfer (HTTPS only) is disabled",
        when: STORAGE_HTTP,
        aliases: ["AVD-AZU-0008", "AZU-0008", "CKV_AZURE_3"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name                       = "data"
  account_tier               = "Standard"
  account_replication_type   = "GRS"
  https_traffic_only_enabled = false
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name                     = "data"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}
"#,
    },
    {
        id: "azure-storage-min-tls",
        severity: Medium,
        types: ["azurerm_storage_account"],
        service: "storage",
        summary: "A storage account accepting TLS below 1.2",
        why: "TLS 1.0 and 1.1 are deprecated and have practical attacks.",
        note: "Provider versions before 3.0 defaulted to TLS1_0; since then the default is TLS1_2, so only an explicit older value is reported.",
        fix: "Set `min_tls_version = \"TLS1_2\"`",
        message: "minimum TLS version is below 1.2",
        when: In("min_tls_version", &["TLS1_0", "TLS1_1"]),
        aliases: ["AVD-AZU-0011", "AZU-0011", "CKV_AZURE_44"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name            = "data"
  min_tls_version = "TLS1_0"
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name            = "data"
  min_tls_version = "TLS1_2"
}
"#,
    },
    {
        id: "azure-storage-secure-transport",
        severity: Medium,
        types: ["azurerm_storage_account"],
        service: "storage",
        summary: "A storage account allowing HTTP or TLS below 1.2",
        why: "Secure transfer and TLS 1.2 together keep data and signatures encrypted in transit.",
        fix: "Keep HTTPS only and set `min_tls_version = \"TLS1_2\"`",
        message: "secure transfer or TLS 1.2 is not enforced",
        when: Or(&[STORAGE_HTTP, In("min_tls_version", &["TLS1_0", "TLS1_1"])]),
        aliases: ["AVD-AZU-0059", "AZU-0059"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name            = "data"
  min_tls_version = "TLS1_1"
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name            = "data"
  min_tls_version = "TLS1_2"
}
"#,
    },
    {
        id: "azure-storage-public-blob-access",
        severity: High,
        types: ["azurerm_storage_account", "azurerm_storage_container"],
        service: "storage",
        summary: "A storage account or container allowing anonymous public read access",
        why: "Anonymous access makes blobs readable by anyone with the URL, without credentials.",
        fix: "Set `allow_nested_items_to_be_public = false` on the account and `container_access_type = \"private\"` on containers",
        message: "anonymous public access is allowed",
        when: Or(&[
            True("allow_nested_items_to_be_public"),
            True("allow_blob_public_access"),
            In("container_access_type", &["blob", "container"]),
        ]),
        aliases: ["AVD-AZU-0007", "AZU-0007", "CKV_AZURE_190", "CKV_AZURE_59", "CKV_AZURE_34"],
        bad: r#"resource "azurerm_storage_container" "c" {
  name                  = "assets"
  storage_account_name  = "data"
  container_access_type = "blob"
}
"#,
        good: r#"resource "azurerm_storage_container" "c" {
  name                  = "assets"
  storage_account_name  = "data"
  container_access_type = "private"
}
"#,
    },
    {
        id: "azure-storage-network-default-allow",
        severity: Medium,
        types: ["azurerm_storage_account", "azurerm_storage_account_network_rules"],
        service: "storage",
        summary: "A storage account reachable from all networks",
        why: "With the default network action `Allow`, the account's endpoints accept requests from any IP address; only credentials protect it.",
        fix: "Set `network_rules { default_action = \"Deny\" }` with the allowed networks",
        message: "network access is not denied by default",
        when: Or(&[
            And(&[Type("azurerm_storage_account"), Not(&Eq("network_rules.default_action", "Deny")), Not(&Related { types: &["azurerm_storage_account_network_rules"], via: "storage_account_id", cond: Some(&Eq("default_action", "Deny")) }), Not(&False("public_network_access_enabled"))]),
            And(&[Type("azurerm_storage_account_network_rules"), Eq("default_action", "Allow")]),
        ]),
        aliases: ["AVD-AZU-0012", "AZU-0012", "CKV_AZURE_35"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name = "data"
  network_rules {
    default_action = "Allow"
  }
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name = "data"
  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
}
"#,
    },
    {
        id: "azure-storage-trusted-services",
        severity: Low,
        types: ["azurerm_storage_account", "azurerm_storage_account_network_rules"],
        service: "storage",
        summary: "Storage network rules that do not let trusted Azure services through",
        why: "Without the `AzureServices` bypass, logging, backup and other Microsoft services cannot reach a locked-down account, which pushes teams to open it up.",
        fix: "Add `\"AzureServices\"` to `bypass`",
        message: "trusted Microsoft services are not allowed to bypass the network rules",
        when: Or(&[
            And(&[Type("azurerm_storage_account"), Set("network_rules.bypass"), Not(&Contains("network_rules.bypass", "AzureServices"))]),
            And(&[Type("azurerm_storage_account_network_rules"), Set("bypass"), Not(&Contains("bypass", "AzureServices"))]),
        ]),
        aliases: ["AVD-AZU-0010", "AZU-0010", "CKV_AZURE_36"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name = "data"
  network_rules {
    default_action = "Deny"
    bypass         = ["Metrics"]
  }
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name = "data"
  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
}
"#,
    },
    {
        id: "azure-storage-queue-logging",
        severity: Low,
        types: ["azurerm_storage_account"],
        service: "storage",
        summary: "A storage account with queue properties but no queue logging",
        why: "Queue logs record reads, writes and deletes of messages, needed to investigate misuse.",
        fix: "Set `queue_properties { logging { delete = true read = true write = true version = \"1.0\" } }`",
        message: "queue logging is not configured",
        when: And(&[Has("queue_properties"), Not(&Has("queue_properties.logging"))]),
        aliases: ["AVD-AZU-0009", "AZU-0009", "CKV_AZURE_33"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name = "data"
  queue_properties {
  }
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name = "data"
  queue_properties {
    logging {
      delete  = true
      read    = true
      write   = true
      version = "1.0"
    }
  }
}
"#,
    },
    {
        id: "azure-storage-geo-replication",
        severity: Low,
        types: ["azurerm_storage_account"],
        service: "storage",
        summary: "A storage account without geo-redundant replication",
        why: "Locally or zone-redundant storage is lost with its region.",
        fix: "Set `account_replication_type` to `GRS`, `RAGRS`, `GZRS` or `RAGZRS`",
        message: "storage is not geo-replicated",
        when: In("account_replication_type", &["LRS", "ZRS"]),
        aliases: ["AVD-AZU-0058", "AZU-0058", "CKV_AZURE_206"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name                     = "data"
  account_replication_type = "LRS"
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name                     = "data"
  account_replication_type = "GRS"
}
"#,
    },
    {
        id: "azure-storage-shared-key",
        severity: Low,
        types: ["azurerm_storage_account"],
        service: "storage",
        summary: "A storage account allowing Shared Key authorisation",
        why: "Account keys give full access, never expire and are not tied to an identity; Entra ID authorisation is auditable and revocable.",
        fix: "Set `shared_access_key_enabled = false`",
        message: "Shared Key authorisation is enabled",
        when: Not(&False("shared_access_key_enabled")),
        aliases: ["CKV2_AZURE_40"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name = "data"
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name                      = "data"
  shared_access_key_enabled = false
}
"#,
    },
    {
        id: "azure-storage-soft-delete",
        severity: Low,
        types: ["azurerm_storage_account"],
        service: "storage",
        summary: "A storage account without blob soft delete",
        why: "Soft delete keeps deleted and overwritten blobs recoverable for a retention period (7 days when the block is present without `days`); without it a mistaken or malicious delete is final.",
        note: "`FileStorage` accounts hold no blobs and are not reported. Container soft delete (`container_delete_retention_policy`) is recommended too.",
        fix: "Set `blob_properties { delete_retention_policy { days = 7 } }` (and `container_delete_retention_policy`)",
        message: "blob soft delete is not configured",
        when: And(&[Not(&Eq("account_kind", "FileStorage")), Not(&Has("blob_properties.delete_retention_policy"))]),
        aliases: ["CKV2_AZURE_38"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name = "data"
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name = "data"
  blob_properties {
    delete_retention_policy {
      days = 7
    }
    container_delete_retention_policy {
      days = 7
    }
  }
}
"#,
    },
    {
        id: "azure-storage-local-users",
        severity: Low,
        types: ["azurerm_storage_account"],
        service: "storage",
        summary: "A storage account with local users (SFTP) enabled",
        why: "Local users authenticate with passwords or keys outside Entra ID.",
        fix: "Set `local_user_enabled = false` unless SFTP is required",
        message: "local users are enabled",
        when: Or(&[True("local_user_enabled"), And(&[True("sftp_enabled"), Not(&False("local_user_enabled"))])]),
        aliases: ["CKV_AZURE_244"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name         = "data"
  sftp_enabled = true
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name               = "data"
  local_user_enabled = false
}
"#,
    },
    {
        id: "azure-storage-logging",
        severity: Low,
        types: ["azurerm_storage_account"],
        service: "storage",
        summary: "A storage account without diagnostic logging",
        why: "Diagnostic logs record access to blobs, tables and queues.",
        fix: "Add an `azurerm_monitor_diagnostic_setting` for the account (or `queue_properties { logging {} }`)",
        message: "no diagnostic logging",
        when: And(&[Not(&Has("queue_properties.logging")), Not(&Related { types: &["azurerm_monitor_diagnostic_setting"], via: "target_resource_id", cond: None })]),
        aliases: ["AVD-AZU-0057", "AZU-0057"],
        bad: r#"resource "azurerm_storage_account" "s" {
  name = "data"
}
"#,
        good: r#"resource "azurerm_storage_account" "s" {
  name = "data"
}

resource "azurerm_monitor_diagnostic_setting" "d" {
  name               = "logs"
  target_resource_id = azurerm_storage_account.s.id
}
"#,
    },
    {
        id: "azure-data-lake-unencrypted",
        severity: Medium,
        types: ["azurerm_data_lake_store"],
        service: "storage",
        summary: "A Data Lake Store with encryption disabled",
        why: "Data at rest is stored unencrypted.",
        fix: "Remove `encryption_state = \"Disabled\"`",
        message: "encryption is disabled",
        when: Eq("encryption_state", "Disabled"),
        aliases: ["AVD-AZU-0036", "AZU-0036"],
        bad: r#"resource "azurerm_data_lake_store" "d" {
  name             = "lake"
  encryption_state = "Disabled"
}
"#,
        good: r#"resource "azurerm_data_lake_store" "d" {
  name             = "lake"
  encryption_state = "Enabled"
}
"#,
    },
    {
        id: "azure-app-https-only",
        severity: High,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service_slot", "azurerm_linux_web_app_slot", "azurerm_windows_web_app_slot", "azurerm_function_app_slot", "azurerm_linux_function_app_slot", "azurerm_windows_function_app_slot"],
        service: "appservice",
        summary: "An App Service or Function App reachable over plain HTTP",
        why: "Without `https_only`, requests (and cookies) can be sent unencrypted.",
        fix: "Set `https_only = true`",
        message: "HTTPS is not enforced",
        when: Not(&True("https_only")),
        aliases: ["AVD-AZU-0004", "AZU-0004", "CKV_AZURE_14", "CKV_AZURE_70", "CKV_AZURE_153"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name       = "app"
  https_only = true
}
"#,
    },
    {
        id: "azure-app-min-tls",
        severity: Medium,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service_slot", "azurerm_linux_web_app_slot", "azurerm_windows_web_app_slot"],
        service: "appservice",
        summary: "An App Service accepting TLS below 1.2",
        why: "TLS 1.0 and 1.1 are deprecated and have practical attacks.",
        fix: "Set `site_config { minimum_tls_version = \"1.2\" }`",
        message: "minimum TLS version is below 1.2",
        when: Or(&[In("site_config.min_tls_version", &["1.0", "1.1"]), In("site_config.minimum_tls_version", &["1.0", "1.1"])]),
        aliases: ["AVD-AZU-0006", "AZU-0006", "CKV_AZURE_15", "CKV_AZURE_154"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    minimum_tls_version = "1.0"
  }
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    minimum_tls_version = "1.2"
  }
}
"#,
    },
    {
        id: "azure-app-authentication",
        severity: Medium,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"],
        service: "appservice",
        summary: "An App Service without built-in authentication",
        why: "App Service authentication rejects anonymous requests before they reach the code.",
        fix: "Configure `auth_settings_v2 { auth_enabled = true … }` (or `auth_settings { enabled = true }`)",
        message: "App Service authentication is not enabled",
        when: And(&[Not(&True("auth_settings.enabled")), Not(&True("auth_settings_v2.auth_enabled"))]),
        aliases: ["AVD-AZU-0003", "AZU-0003", "CKV_AZURE_13"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  auth_settings {
    enabled = true
  }
}
"#,
    },
    {
        id: "azure-app-managed-identity",
        severity: Low,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_container_group"],
        service: "appservice",
        summary: "An App Service or container group without a managed identity",
        why: "Without a managed identity, the app needs stored credentials to reach other Azure services.",
        fix: "Add `identity { type = \"SystemAssigned\" }`",
        message: "no managed identity",
        when: Not(&Has("identity")),
        aliases: ["AVD-AZU-0002", "AZU-0002", "CKV_AZURE_16", "CKV_AZURE_71", "CKV2_AZURE_28"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  identity {
    type = "SystemAssigned"
  }
}
"#,
    },
    {
        id: "azure-app-client-certificates",
        severity: Low,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"],
        service: "appservice",
        summary: "An App Service not requiring client certificates",
        why: "Incoming client certificates authenticate callers at the TLS layer (mutual TLS).",
        fix: "Set `client_certificate_enabled = true` (`client_cert_enabled` on `azurerm_app_service`)",
        message: "client certificates are not required",
        when: And(&[Not(&True("client_cert_enabled")), Not(&True("client_certificate_enabled"))]),
        aliases: ["CKV_AZURE_17"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name                       = "app"
  client_certificate_enabled = true
}
"#,
    },
    {
        id: "azure-app-http2",
        severity: Low,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_function_app_slot", "azurerm_linux_function_app", "azurerm_windows_function_app"],
        service: "appservice",
        summary: "An App Service not using HTTP/2",
        why: "HTTP/2 fixes head-of-line blocking and header-compression issues of HTTP/1.1 and requires TLS in browsers.",
        fix: "Set `site_config { http2_enabled = true }`",
        message: "HTTP/2 is not enabled",
        when: Not(&True("site_config.http2_enabled")),
        aliases: ["CKV_AZURE_18", "CKV_AZURE_67"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    http2_enabled = true
  }
}
"#,
    },
    {
        id: "azure-app-remote-debugging",
        severity: High,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service_slot", "azurerm_linux_web_app_slot", "azurerm_windows_web_app_slot"],
        service: "appservice",
        summary: "Remote debugging enabled on an App Service",
        why: "Remote debugging opens extra ports and lets a debugger attach to the production process.",
        fix: "Set `site_config { remote_debugging_enabled = false }`",
        message: "remote debugging is enabled",
        when: Or(&[True("site_config.remote_debugging_enabled"), True("site_config.remote_debugging")]),
        aliases: ["CKV_AZURE_72", "CKV_AZURE_155"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    remote_debugging_enabled = true
  }
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    remote_debugging_enabled = false
  }
}
"#,
    },
    {
        id: "azure-app-ftps",
        severity: Medium,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service_slot", "azurerm_linux_web_app_slot", "azurerm_windows_web_app_slot"],
        service: "appservice",
        summary: "An App Service allowing plain FTP deployment",
        why: "`AllAllowed` accepts FTP, which sends deployment credentials and code unencrypted.",
        fix: "Set `site_config { ftps_state = \"FtpsOnly\" }` (or `Disabled`)",
        message: "plain FTP is allowed",
        when: Eq("site_config.ftps_state", "AllAllowed"),
        aliases: ["AVD-AZU-0071", "AZU-0071", "CKV_AZURE_78"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    ftps_state = "AllAllowed"
  }
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    ftps_state = "Disabled"
  }
}
"#,
    },
    {
        id: "azure-app-cors-any",
        severity: Medium,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_function_app", "azurerm_linux_function_app", "azurerm_windows_function_app"],
        service: "appservice",
        summary: "An App Service allowing every CORS origin",
        why: "`*` lets any website call the app from a visitor's browser and read the responses.",
        fix: "List the allowed origins in `site_config { cors { allowed_origins = [...] } }`",
        message: "CORS allows any origin",
        when: Contains("site_config.cors.allowed_origins", "*"),
        aliases: ["CKV_AZURE_57"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    cors {
      allowed_origins = ["*"]
    }
  }
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    cors {
      allowed_origins = ["https://app.example.com"]
    }
  }
}
"#,
    },
    {
        id: "azure-app-http-logs",
        severity: Low,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"],
        service: "appservice",
        summary: "An App Service without HTTP logging",
        why: "HTTP logs record requests to the app, needed to investigate attacks.",
        fix: "Set `logs { http_logs { … } }`",
        message: "HTTP logging is not enabled",
        when: Not(&Has("logs.http_logs")),
        aliases: ["CKV_AZURE_63"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  logs {
    http_logs {
      file_system {
        retention_in_days = 30
        retention_in_mb   = 35
      }
    }
  }
}
"#,
    },
    {
        id: "azure-app-detailed-errors",
        severity: Low,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"],
        service: "appservice",
        summary: "An App Service without detailed error logging",
        why: "Detailed error messages and failed-request traces (kept in logs, not shown to users) help diagnose attacks and failures.",
        fix: "Set `logs { detailed_error_messages = true failed_request_tracing = true }`",
        message: "detailed error logging or failed request tracing is off",
        when: Not(&Or(&[True("logs.detailed_error_messages"), True("logs.detailed_error_messages_enabled")])),
        aliases: ["CKV_AZURE_65"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  logs {
    detailed_error_messages = true
    failed_request_tracing  = true
  }
}
"#,
    },
    {
        id: "azure-app-failed-request-tracing",
        severity: Low,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"],
        service: "appservice",
        summary: "An App Service without failed request tracing",
        why: "Detailed error messages and failed-request traces (kept in logs, not shown to users) help diagnose attacks and failures.",
        fix: "Set `logs { detailed_error_messages = true failed_request_tracing = true }`",
        message: "detailed error logging or failed request tracing is off",
        when: Not(&Or(&[True("logs.failed_request_tracing"), True("logs.failed_request_tracing_enabled")])),
        aliases: ["CKV_AZURE_66"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  logs {
    detailed_error_messages = true
    failed_request_tracing  = true
  }
}
"#,
    },
    {
        id: "azure-app-health-check",
        severity: Low,
        types: ["azurerm_app_service", "azurerm_linux_web_app", "azurerm_windows_web_app"],
        service: "appservice",
        summary: "An App Service without a health check",
        why: "Without a health check path, unhealthy instances keep receiving traffic.",
        fix: "Set `site_config { health_check_path = \"/health\" }`",
        message: "no health check",
        when: Not(&Set("site_config.health_check_path")),
        aliases: ["CKV_AZURE_213"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    health_check_path = "/health"
  }
}
"#,
    },
    {
        id: "azure-app-always-on",
        severity: Low,
        types: ["azurerm_linux_web_app", "azurerm_windows_web_app"],
        service: "appservice",
        summary: "An App Service not set to Always On",
        why: "Without Always On the app is unloaded when idle and the first requests after that fail or time out.",
        note: "`always_on` defaults to true for these resources; only an explicit `false` is reported.",
        fix: "Set `site_config { always_on = true }`",
        message: "Always On is off",
        when: False("site_config.always_on"),
        aliases: ["CKV_AZURE_214"],
        bad: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    always_on = false
  }
}
"#,
        good: r#"resource "azurerm_linux_web_app" "a" {
  name = "app"
  site_config {
    always_on = true
  }
}
"#,
    },
    {
        id: "azure-public-network-access",
        severity: Medium,
        types: [
            "azurerm_container_registry", "azurerm_key_vault", "azurerm_eventgrid_domain", "azurerm_eventgrid_topic",
            "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_linux_web_app", "azurerm_windows_web_app",
            "azurerm_machine_learning_workspace", "azurerm_mssql_server", "azurerm_postgresql_server", "azurerm_mysql_server",
            "azurerm_mariadb_server", "azurerm_cosmosdb_account", "azurerm_data_factory", "azurerm_cognitive_account",
            "azurerm_redis_cache", "azurerm_synapse_workspace", "azurerm_app_configuration",
            "azurerm_spring_cloud_api_portal", "azurerm_storage_sync", "azurerm_databricks_workspace"
        ],
        service: "network",
        summary: "A service reachable through its public endpoint",
        why: "Public network access exposes the service's endpoint to the internet, protected only by authentication; private endpoints keep it inside the network.",
        fix: "Set `public_network_access_enabled = false` (`public_network_access = \"Disabled\"`, `public_network_enabled = false`, `incoming_traffic_policy = \"AllowVirtualNetworksOnly\"` depending on the resource) and use private endpoints",
        message: "public network access is enabled",
        when: Or(&[
            And(&[
                Not(&Type("azurerm_app_configuration")), Not(&Type("azurerm_spring_cloud_api_portal")), Not(&Type("azurerm_storage_sync")),
                Not(&Type("azurerm_data_factory")), Not(&Type("azurerm_synapse_workspace")),
                Not(&False("public_network_access_enabled")),
                Not(&And(&[Type("azurerm_key_vault"), Eq("network_acls.default_action", "Deny")])),
            ]),
            And(&[Type("azurerm_data_factory"), Not(&False("public_network_enabled"))]),
            And(&[Type("azurerm_app_configuration"), Eq("public_network_access", "Enabled")]),
            And(&[Type("azurerm_spring_cloud_api_portal"), True("public_network_access_enabled")]),
            And(&[Type("azurerm_storage_sync"), Not(&Eq("incoming_traffic_policy", "AllowVirtualNetworksOnly"))]),
            And(&[Type("azurerm_synapse_workspace"), True("public_network_access_enabled")]),
        ]),
        aliases: [
            "CKV_AZURE_139", "CKV_AZURE_189", "CKV_AZURE_106", "CKV_AZURE_193", "CKV_AZURE_221", "CKV_AZURE_222",
            "CKV_AZURE_144", "CKV_AZURE_113", "CKV_AZURE_68", "CKV_AZURE_53", "CKV_AZURE_48", "CKV_AZURE_101",
            "CKV_AZURE_104", "AVD-AZU-0035", "AZU-0035", "CKV_AZURE_134", "CKV_AZURE_89", "CKV_AZURE_124",
            "CKV_AZURE_185", "CKV_AZURE_162", "CKV_AZURE_250", "CKV_AZURE_158", "AVD-AZU-0022", "AZU-0022"
        ],
        bad: r#"resource "azurerm_container_registry" "r" {
  name = "images"
  sku  = "Premium"
}
"#,
        good: r#"resource "azurerm_container_registry" "r" {
  name                          = "images"
  sku                           = "Premium"
  public_network_access_enabled = false
}
"#,
    },
    {
        id: "azure-local-auth-enabled",
        severity: Medium,
        types: ["azurerm_cosmosdb_account", "azurerm_app_configuration", "azurerm_eventgrid_domain", "azurerm_eventgrid_topic", "azurerm_servicebus_namespace", "azurerm_cognitive_account", "azurerm_machine_learning_compute_cluster", "azurerm_eventhub_namespace", "azurerm_web_pubsub", "azurerm_signalr_service"],
        service: "identity",
        summary: "A service accepting local (key-based) authentication",
        why: "Access keys and SAS tokens are shared secrets outside Entra ID: not tied to an identity, rarely rotated and hard to audit.",
        fix: "Set `local_auth_enabled = false` (`local_authentication_disabled = true` on Cosmos DB, `local_auth_enabled = false` on compute clusters) and use Entra ID roles",
        message: "local authentication is enabled",
        when: Or(&[
            And(&[Type("azurerm_cosmosdb_account"), Not(&True("local_authentication_disabled"))]),
            And(&[Not(&Type("azurerm_cosmosdb_account")), Not(&False("local_auth_enabled"))]),
        ]),
        aliases: ["CKV_AZURE_140", "CKV_AZURE_184", "CKV_AZURE_195", "CKV_AZURE_203", "CKV_AZURE_236", "CKV_AZURE_142"],
        bad: r#"resource "azurerm_servicebus_namespace" "n" {
  name = "bus"
  sku  = "Standard"
}
"#,
        good: r#"resource "azurerm_servicebus_namespace" "n" {
  name               = "bus"
  sku                = "Standard"
  local_auth_enabled = false
}
"#,
    },
    {
        id: "azure-service-min-tls",
        severity: Medium,
        types: ["azurerm_servicebus_namespace", "azurerm_eventhub_namespace", "azurerm_redis_cache", "azurerm_mssql_server", "azurerm_postgresql_server", "azurerm_mysql_server", "azurerm_mariadb_server", "azurerm_cdn_endpoint_custom_domain"],
        service: "network",
        summary: "A service accepting TLS below 1.2",
        why: "TLS 1.0 and 1.1 are deprecated and have practical attacks.",
        fix: "Set the minimum TLS version to 1.2 (`minimum_tls_version = \"1.2\"`, `ssl_minimal_tls_version_enforced = \"TLS1_2\"`, …)",
        message: "minimum TLS version is below 1.2",
        when: Or(&[
            In("minimum_tls_version", &["1.0", "1.1", "TLS1_0", "TLS1_1"]),
            In("ssl_minimal_tls_version_enforced", &["TLS1_0", "TLS1_1", "TLSEnforcementDisabled"]),
            In("user_managed_https.tls_version", &["TLS10", "None"]),
            In("cdn_managed_https.tls_version", &["TLS10", "None"]),
        ]),
        aliases: ["CKV_AZURE_205", "CKV_AZURE_223", "CKV_AZURE_148", "CKV_AZURE_52", "CKV_AZURE_147", "CKV_AZURE_54", "CKV2_AZURE_37", "CKV_AZURE_200"],
        bad: r#"resource "azurerm_redis_cache" "r" {
  name                = "cache"
  minimum_tls_version = "1.0"
}
"#,
        good: r#"resource "azurerm_redis_cache" "r" {
  name                = "cache"
  minimum_tls_version = "1.2"
}
"#,
    },
    {
        id: "azure-db-ssl-enforcement",
        severity: High,
        types: ["azurerm_postgresql_server", "azurerm_mysql_server", "azurerm_mariadb_server"],
        service: "database",
        summary: "A PostgreSQL/MySQL/MariaDB server not enforcing SSL",
        why: "Without SSL enforcement, clients may connect unencrypted and send credentials and data in plaintext.",
        fix: "Set `ssl_enforcement_enabled = true`",
        message: "SSL is not enforced",
        when: And(&[Not(&True("ssl_enforcement_enabled")), Not(&Eq("ssl_enforcement", "Enabled"))]),
        aliases: ["AVD-AZU-0020", "AZU-0020", "CKV_AZURE_28", "CKV_AZURE_29"],
        bad: r#"resource "azurerm_postgresql_server" "p" {
  name                    = "db"
  ssl_enforcement_enabled = false
}
"#,
        good: r#"resource "azurerm_postgresql_server" "p" {
  name                    = "db"
  ssl_enforcement_enabled = true
}
"#,
    },
    {
        id: "azure-db-geo-backup",
        severity: Low,
        types: ["azurerm_postgresql_server", "azurerm_postgresql_flexible_server", "azurerm_mysql_server", "azurerm_mysql_flexible_server", "azurerm_mariadb_server"],
        service: "database",
        summary: "A database server without geo-redundant backups",
        why: "Locally redundant backups are lost with their region.",
        fix: "Set `geo_redundant_backup_enabled = true`",
        message: "geo-redundant backups are off",
        when: And(&[Not(&True("geo_redundant_backup_enabled")), Not(&Eq("create_mode", "Replica")), Not(&Set("source_server_id")), Not(&Set("creation_source_server_id"))]),
        aliases: ["CKV_AZURE_94", "CKV_AZURE_136", "CKV_AZURE_102", "CKV_AZURE_129"],
        bad: r#"resource "azurerm_postgresql_flexible_server" "p" {
  name = "db"
}
"#,
        good: r#"resource "azurerm_postgresql_flexible_server" "p" {
  name                         = "db"
  geo_redundant_backup_enabled = true
}
"#,
    },
    {
        id: "azure-postgres-log-setting",
        severity: Low,
        types: ["azurerm_postgresql_configuration"],
        service: "database",
        summary: "A PostgreSQL server parameter turning connection or checkpoint logging off",
        why: "`log_connections`, `log_disconnections`, `log_checkpoints` and `connection_throttling` should be on to record and limit login activity.",
        fix: "Set the parameter `value = \"on\"`",
        message: "logging parameter is off",
        when: And(&[In("name", &["log_connections", "log_disconnections", "log_checkpoints", "connection_throttling", "log_retention"]), Eq("value", "off")]),
        aliases: ["AVD-AZU-0019", "AZU-0019", "AVD-AZU-0021", "AZU-0021", "AVD-AZU-0024", "AZU-0024", "CKV_AZURE_30", "CKV_AZURE_31", "CKV_AZURE_32"],
        bad: r#"resource "azurerm_postgresql_configuration" "c" {
  name      = "log_connections"
  server_name = "db"
  value     = "off"
}
"#,
        good: r#"resource "azurerm_postgresql_configuration" "c" {
  name        = "log_connections"
  server_name = "db"
  value       = "on"
}
"#,
    },
    {
        id: "azure-db-firewall-azure-services",
        severity: Medium,
        types: ["azurerm_postgresql_firewall_rule", "azurerm_mysql_firewall_rule", "azurerm_mariadb_firewall_rule", "azurerm_mssql_firewall_rule", "azurerm_sql_firewall_rule", "azurerm_postgresql_flexible_server_firewall_rule", "azurerm_mysql_flexible_server_firewall_rule"],
        service: "database",
        summary: "A database firewall rule allowing all Azure services (0.0.0.0)",
        why: "The `0.0.0.0`–`0.0.0.0` rule admits connections from any Azure resource of any customer, not just yours.",
        fix: "Allow specific addresses or use private endpoints / VNet rules",
        message: "firewall allows all Azure services",
        when: And(&[Eq("start_ip_address", "0.0.0.0"), Eq("end_ip_address", "0.0.0.0")]),
        aliases: ["CKV2_AZURE_6", "CKV2_AZURE_26"],
        bad: r#"resource "azurerm_postgresql_firewall_rule" "f" {
  name             = "azure"
  server_name      = "db"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}
"#,
        good: r#"resource "azurerm_postgresql_firewall_rule" "f" {
  name             = "office"
  server_name      = "db"
  start_ip_address = "203.0.113.10"
  end_ip_address   = "203.0.113.10"
}
"#,
    },
    {
        id: "azure-sql-auditing",
        severity: Medium,
        types: ["azurerm_sql_server", "azurerm_mssql_server"],
        service: "database",
        summary: "An Azure SQL server without auditing",
        why: "Auditing records logins and queries; without it, a breach cannot be reconstructed.",
        fix: "Add `extended_auditing_policy {}` or an `azurerm_mssql_server_extended_auditing_policy` for the server",
        message: "auditing is not enabled",
        when: And(&[Not(&Has("extended_auditing_policy")), Not(&Related { types: &["azurerm_mssql_server_extended_auditing_policy"], via: "server_id", cond: None })]),
        aliases: ["AVD-AZU-0027", "AZU-0027", "CKV_AZURE_23"],
        bad: r#"resource "azurerm_mssql_server" "s" {
  name    = "sql"
  version = "12.0"
}
"#,
        good: r#"resource "azurerm_mssql_server" "s" {
  name    = "sql"
  version = "12.0"
}

resource "azurerm_mssql_server_extended_auditing_policy" "a" {
  server_id         = azurerm_mssql_server.s.id
  retention_in_days = 120
}
"#,
    },
    {
        id: "azure-sql-audit-retention",
        severity: Low,
        types: ["azurerm_mssql_server_extended_auditing_policy", "azurerm_mssql_database_extended_auditing_policy", "azurerm_sql_server", "azurerm_mssql_server", "azurerm_mssql_database"],
        service: "database",
        summary: "SQL auditing kept for less than 90 days",
        why: "Breaches are often discovered months later; audit logs should outlive that.",
        fix: "Set `retention_in_days` to 90 or more (0 keeps logs forever)",
        message: "audit retention is below 90 days",
        when: Or(&[
            And(&[Lt("retention_in_days", 90.0), Not(&Eq("retention_in_days", "0"))]),
            And(&[Lt("extended_auditing_policy.retention_in_days", 90.0), Not(&Eq("extended_auditing_policy.retention_in_days", "0"))]),
        ]),
        aliases: ["AVD-AZU-0025", "AZU-0025", "CKV_AZURE_24"],
        bad: r#"resource "azurerm_mssql_server_extended_auditing_policy" "a" {
  server_id         = "sql"
  retention_in_days = 30
}
"#,
        good: r#"resource "azurerm_mssql_server_extended_auditing_policy" "a" {
  server_id         = "sql"
  retention_in_days = 120
}
"#,
    },
    {
        id: "azure-sql-threat-detection",
        severity: Low,
        types: ["azurerm_mssql_server_security_alert_policy"],
        service: "database",
        summary: "A SQL security alert policy with alerts disabled",
        why: "Threat detection alerts on SQL injection and anomalous access are only useful if enabled and sent to someone.",
        fix: "Keep `disabled_alerts` empty and set `email_account_admins = true` or `email_addresses`",
        message: "threat detection alerts are disabled",
        when: Or(&[And(&[Set("disabled_alerts"), Not(&Empty("disabled_alerts"))]), Eq("state", "Disabled")]),
        aliases: ["AVD-AZU-0028", "AZU-0028", "CKV_AZURE_25"],
        bad: r#"resource "azurerm_mssql_server_security_alert_policy" "p" {
  server_name     = "sql"
  state           = "Enabled"
  disabled_alerts = ["Sql_Injection"]
}
"#,
        good: r#"resource "azurerm_mssql_server_security_alert_policy" "p" {
  server_name          = "sql"
  state                = "Enabled"
  email_account_admins = true
  email_addresses      = ["security@example.com"]
}
"#,
    },
    {
        id: "azure-sql-alert-emails",
        severity: Low,
        types: ["azurerm_mssql_server_security_alert_policy"],
        service: "database",
        summary: "A SQL security alert policy without notification email addresses",
        why: "Threat detection alerts on SQL injection and anomalous access are only useful if enabled and sent to someone.",
        fix: "Keep `disabled_alerts` empty and set `email_account_admins = true` or `email_addresses`",
        message: "no alert email addresses",
        when: Or(&[Not(&Set("email_addresses")), Empty("email_addresses")]),
        aliases: ["AVD-AZU-0018", "AZU-0018", "CKV_AZURE_26"],
        bad: r#"resource "azurerm_mssql_server_security_alert_policy" "p" {
  server_name     = "sql"
  state           = "Enabled"
}
"#,
        good: r#"resource "azurerm_mssql_server_security_alert_policy" "p" {
  server_name          = "sql"
  state                = "Enabled"
  email_account_admins = true
  email_addresses      = ["security@example.com"]
}
"#,
    },
    {
        id: "azure-sql-alert-admins",
        severity: Low,
        types: ["azurerm_mssql_server_security_alert_policy"],
        service: "database",
        summary: "A SQL security alert policy not notifying subscription admins",
        why: "Threat detection alerts on SQL injection and anomalous access are only useful if enabled and sent to someone.",
        fix: "Keep `disabled_alerts` empty and set `email_account_admins = true` or `email_addresses`",
        message: "alerts are not sent to account admins",
        when: Not(&True("email_account_admins")),
        aliases: ["AVD-AZU-0023", "AZU-0023", "CKV_AZURE_27"],
        bad: r#"resource "azurerm_mssql_server_security_alert_policy" "p" {
  server_name     = "sql"
  state           = "Enabled"
}
"#,
        good: r#"resource "azurerm_mssql_server_security_alert_policy" "p" {
  server_name          = "sql"
  state                = "Enabled"
  email_account_admins = true
  email_addresses      = ["security@example.com"]
}
"#,
    },
    {
        id: "azure-sql-ad-admin",
        severity: Low,
        types: ["azurerm_mssql_server", "azurerm_sql_server"],
        service: "database",
        summary: "An Azure SQL server without an Entra ID (Azure AD) administrator",
        why: "Without Entra ID administration, access relies on SQL logins with passwords, outside central identity controls.",
        fix: "Add `azuread_administrator { … }` (or an `azurerm_sql_active_directory_administrator`)",
        message: "no Entra ID administrator",
        when: And(&[Not(&Has("azuread_administrator")), Not(&Related { types: &["azurerm_sql_active_directory_administrator"], via: "server_name", cond: None })]),
        aliases: ["CKV2_AZURE_7", "CKV2_AZURE_27"],
        bad: r#"resource "azurerm_mssql_server" "s" {
  name    = "sql"
  version = "12.0"
}
"#,
        good: r#"resource "azurerm_mssql_server" "s" {
  name    = "sql"
  version = "12.0"
  azuread_administrator {
    login_username = "dba-group"
    object_id      = "00000000-0000-0000-0000-000000000000"
  }
}
"#,
    },
    {
        id: "azure-vm-password-auth",
        severity: High,
        types: ["azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set", "azurerm_virtual_machine"],
        service: "compute",
        summary: "A Linux VM allowing password authentication",
        why: "SSH passwords are brute-forced continuously; key-based authentication is not.",
        fix: "Set `disable_password_authentication = true` and provide `admin_ssh_key`",
        message: "password authentication is enabled",
        when: Or(&[False("disable_password_authentication"), False("os_profile_linux_config.disable_password_authentication")]),
        aliases: ["AVD-AZU-0039", "AZU-0039", "CKV_AZURE_149", "CKV_AZURE_178", "CKV_AZURE_1"],
        bad: r#"resource "azurerm_linux_virtual_machine" "v" {
  name                            = "vm"
  disable_password_authentication = false
}
"#,
        good: r#"resource "azurerm_linux_virtual_machine" "v" {
  name                            = "vm"
  disable_password_authentication = true
}
"#,
    },
    {
        id: "azure-vm-unmanaged-disks",
        severity: Low,
        types: ["azurerm_virtual_machine"],
        service: "compute",
        summary: "A virtual machine using unmanaged (VHD in storage account) disks",
        why: "Unmanaged disks live as blobs in a storage account, sharing its keys and exposure; managed disks are isolated and encrypted by default.",
        fix: "Use `managed_disk_type` on the OS and data disks (or move to `azurerm_linux_virtual_machine`)",
        message: "VM uses unmanaged disks",
        when: Or(&[Set("storage_os_disk.vhd_uri"), Any("storage_data_disk", &Set("vhd_uri"))]),
        aliases: ["CKV_AZURE_92", "CKV2_AZURE_9"],
        bad: r#"resource "azurerm_virtual_machine" "v" {
  name = "vm"
  storage_os_disk {
    name    = "os"
    vhd_uri = "https://data.blob.core.windows.net/vhds/os.vhd"
  }
}
"#,
        good: r#"resource "azurerm_virtual_machine" "v" {
  name = "vm"
  storage_os_disk {
    name              = "os"
    managed_disk_type = "Premium_LRS"
  }
}
"#,
    },
    {
        id: "azure-vm-encryption-at-host",
        severity: Low,
        types: ["azurerm_windows_virtual_machine", "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine_scale_set", "azurerm_linux_virtual_machine_scale_set"],
        service: "compute",
        summary: "A VM without encryption at host",
        why: "Encryption at host also covers temp disks and disk caches, which platform-managed encryption leaves unencrypted.",
        fix: "Set `encryption_at_host_enabled = true`",
        message: "encryption at host is not enabled",
        when: Not(&True("encryption_at_host_enabled")),
        aliases: ["CKV_AZURE_151"],
        bad: r#"resource "azurerm_windows_virtual_machine" "v" {
  name = "vm"
}
"#,
        good: r#"resource "azurerm_windows_virtual_machine" "v" {
  name                       = "vm"
  encryption_at_host_enabled = true
}
"#,
    },
    {
        id: "azure-vm-automatic-updates",
        severity: Low,
        types: ["azurerm_windows_virtual_machine", "azurerm_windows_virtual_machine_scale_set"],
        service: "compute",
        summary: "A Windows VM with automatic updates disabled",
        why: "Without automatic updates, security patches wait until someone applies them.",
        fix: "Remove `enable_automatic_updates = false` (`automatic_updates_enabled`)",
        message: "automatic updates are disabled",
        when: Or(&[False("enable_automatic_updates"), False("automatic_updates_enabled")]),
        aliases: ["CKV_AZURE_177"],
        bad: r#"resource "azurerm_windows_virtual_machine" "v" {
  name                     = "vm"
  enable_automatic_updates = false
}
"#,
        good: r#"resource "azurerm_windows_virtual_machine" "v" {
  name                     = "vm"
  enable_automatic_updates = true
}
"#,
    },
    {
        id: "azure-vm-agent-disabled",
        severity: Low,
        types: ["azurerm_windows_virtual_machine", "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine_scale_set", "azurerm_linux_virtual_machine_scale_set"],
        service: "compute",
        summary: "A VM without the VM agent",
        why: "The VM agent is needed for extensions such as antimalware, monitoring and disk encryption.",
        fix: "Remove `provision_vm_agent = false`",
        message: "VM agent is not provisioned",
        when: False("provision_vm_agent"),
        aliases: ["CKV_AZURE_179"],
        bad: r#"resource "azurerm_linux_virtual_machine" "v" {
  name               = "vm"
  provision_vm_agent = false
}
"#,
        good: r#"resource "azurerm_linux_virtual_machine" "v" {
  name               = "vm"
  provision_vm_agent = true
}
"#,
    },
    {
        id: "azure-managed-disk-encryption-set",
        severity: Low,
        types: ["azurerm_managed_disk"],
        service: "compute",
        summary: "A managed disk not encrypted with a customer-managed key (disk encryption set)",
        why: "Platform-managed keys cannot be restricted or revoked by you; a disk encryption set uses your Key Vault key.",
        fix: "Set `disk_encryption_set_id`",
        message: "disk does not use a disk encryption set",
        when: And(&[Not(&Set("disk_encryption_set_id")), Not(&True("encryption_settings.enabled"))]),
        aliases: ["CKV_AZURE_93", "CKV2_AZURE_14"],
        bad: r#"resource "azurerm_managed_disk" "d" {
  name                 = "data"
  storage_account_type = "Premium_LRS"
}
"#,
        good: r#"resource "azurerm_managed_disk" "d" {
  name                   = "data"
  storage_account_type   = "Premium_LRS"
  disk_encryption_set_id = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des"
}
"#,
    },
    {
        id: "azure-nic-public-ip",
        severity: Medium,
        types: ["azurerm_network_interface"],
        service: "network",
        summary: "A network interface with a public IP address",
        why: "A public IP on a NIC puts the VM directly on the internet.",
        fix: "Remove `public_ip_address_id`; use a load balancer, Bastion or NAT gateway",
        message: "NIC has a public IP",
        when: Any("ip_configuration", &Set("public_ip_address_id")),
        aliases: ["CKV_AZURE_119"],
        bad: r#"resource "azurerm_network_interface" "n" {
  name = "nic"
  ip_configuration {
    name                 = "ip"
    public_ip_address_id = "/subscriptions/x/publicIPAddresses/pip"
  }
}
"#,
        good: r#"resource "azurerm_network_interface" "n" {
  name = "nic"
  ip_configuration {
    name      = "ip"
    subnet_id = "/subscriptions/x/subnets/app"
  }
}
"#,
    },
    {
        id: "azure-nic-ip-forwarding",
        severity: Medium,
        types: ["azurerm_network_interface"],
        service: "network",
        summary: "A network interface with IP forwarding enabled",
        why: "IP forwarding lets the VM route traffic for others, bypassing network controls, unless it is a deliberate network appliance.",
        fix: "Remove `ip_forwarding_enabled = true` (`enable_ip_forwarding`) unless the VM is a router",
        message: "IP forwarding is enabled",
        when: Or(&[True("enable_ip_forwarding"), True("ip_forwarding_enabled")]),
        aliases: ["AVD-AZU-0075", "AZU-0075", "CKV_AZURE_118"],
        bad: r#"resource "azurerm_network_interface" "n" {
  name                 = "nic"
  enable_ip_forwarding = true
}
"#,
        good: r#"resource "azurerm_network_interface" "n" {
  name                 = "nic"
  enable_ip_forwarding = false
}
"#,
    },
    {
        id: "azure-nsg-public-ingress",
        severity: Medium,
        types: ["azurerm_network_security_rule", "azurerm_network_security_group"],
        service: "network",
        summary: "A network security rule allowing inbound traffic from the internet",
        why: "Everything the rule allows is reachable by anyone on the internet.",
        note: "SSH/RDP are also reported by `open-admin-port`.",
        fix: "Restrict `source_address_prefix` to known ranges or service tags",
        message: "inbound traffic from the internet is allowed",
        when: Or(&[
            And(&[Type("azurerm_network_security_rule"), Eq("direction", "Inbound"), Eq("access", "Allow"), Or(&[OpenCidr("source_address_prefix"), OpenCidr("source_address_prefixes")])]),
            And(&[Type("azurerm_network_security_group"), Any("security_rule", &And(&[Eq("direction", "Inbound"), Eq("access", "Allow"), Or(&[OpenCidr("source_address_prefix"), OpenCidr("source_address_prefixes")])]))]),
        ]),
        aliases: ["AVD-AZU-0047", "AZU-0047"],
        bad: r#"resource "azurerm_network_security_rule" "r" {
  name                       = "app"
  direction                  = "Inbound"
  access                     = "Allow"
  protocol                   = "Tcp"
  source_address_prefix      = "*"
  destination_port_range     = "8080"
}
"#,
        good: r#"resource "azurerm_network_security_rule" "r" {
  name                       = "app"
  direction                  = "Inbound"
  access                     = "Allow"
  protocol                   = "Tcp"
  source_address_prefix      = "10.0.0.0/8"
  destination_port_range     = "8080"
}
"#,
    },
    {
        id: "azure-flow-log-retention",
        severity: Low,
        types: ["azurerm_network_watcher_flow_log"],
        service: "network",
        summary: "An NSG flow log kept for less than 90 days or disabled",
        why: "Flow logs are the record of network connections; they must be on and kept long enough to investigate.",
        fix: "Set `enabled = true` and `retention_policy { enabled = true days = 90 }`",
        message: "flow log is disabled or retained for less than 90 days",
        when: And(&[Not(&False("enabled")), Or(&[Not(&True("retention_policy.enabled")), Lt("retention_policy.days", 90.0)])]),
        aliases: ["AVD-AZU-0049", "AZU-0049", "CKV_AZURE_12"],
        bad: r#"resource "azurerm_network_watcher_flow_log" "f" {
  name    = "flows"
  enabled = true
  retention_policy {
    enabled = true
    days    = 7
  }
}
"#,
        good: r#"resource "azurerm_network_watcher_flow_log" "f" {
  name    = "flows"
  enabled = true
  retention_policy {
    enabled = true
    days    = 90
  }
}
"#,
    },
    {
        id: "azure-flow-log-disabled",
        severity: Low,
        types: ["azurerm_network_watcher_flow_log"],
        service: "network",
        summary: "A disabled NSG flow log",
        why: "Flow logs are the record of network connections; they must be on and kept long enough to investigate.",
        fix: "Set `enabled = true` and `retention_policy { enabled = true days = 90 }`",
        message: "flow log is disabled or retained for less than 90 days",
        when: False("enabled"),
        aliases: ["AVD-AZU-0073", "AZU-0073"],
        bad: r#"resource "azurerm_network_watcher_flow_log" "f" {
  name    = "flows"
  enabled = false
  retention_policy {
    enabled = true
    days    = 90
  }
}
"#,
        good: r#"resource "azurerm_network_watcher_flow_log" "f" {
  name    = "flows"
  enabled = true
  retention_policy {
    enabled = true
    days    = 90
  }
}
"#,
    },
    {
        id: "azure-waf-missing",
        severity: Medium,
        types: ["azurerm_application_gateway", "azurerm_frontdoor", "azurerm_cdn_frontdoor_profile"],
        service: "network",
        summary: "An Application Gateway or Front Door without a WAF",
        why: "A web application firewall filters common exploits and bots before they reach the application.",
        fix: "Enable `waf_configuration` (or `firewall_policy_id`) on the gateway; attach a WAF policy to Front Door",
        message: "no WAF",
        when: Or(&[
            And(&[Type("azurerm_application_gateway"), Not(&True("waf_configuration.enabled")), Not(&Set("firewall_policy_id"))]),
            And(&[Type("azurerm_frontdoor"), Not(&Any("frontend_endpoint", &Set("web_application_firewall_policy_link_id")))]),
        ]),
        aliases: ["CKV_AZURE_120", "CKV_AZURE_121"],
        bad: r#"resource "azurerm_application_gateway" "g" {
  name = "gw"
}
"#,
        good: r#"resource "azurerm_application_gateway" "g" {
  name = "gw"
  waf_configuration {
    enabled          = true
    firewall_mode    = "Prevention"
    rule_set_version = "3.2"
  }
}
"#,
    },
    {
        id: "azure-aks-rbac",
        severity: High,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster with Kubernetes RBAC disabled",
        why: "Without RBAC every authenticated user has full control of the cluster.",
        fix: "Remove `role_based_access_control_enabled = false`",
        message: "Kubernetes RBAC is disabled",
        when: Or(&[False("role_based_access_control_enabled"), False("role_based_access_control.enabled")]),
        aliases: ["AVD-AZU-0042", "AZU-0042", "CKV_AZURE_5"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name                              = "aks"
  role_based_access_control_enabled = false
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name                              = "aks"
  role_based_access_control_enabled = true
}
"#,
    },
    {
        id: "azure-aks-api-authorized-ranges",
        severity: Medium,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS API server reachable from any address",
        why: "Without authorized IP ranges (or a private cluster) the Kubernetes API is exposed to the whole internet.",
        fix: "Set `api_server_access_profile { authorized_ip_ranges = [...] }` or `private_cluster_enabled = true`",
        message: "API server has no authorized IP ranges",
        when: And(&[
            Not(&True("private_cluster_enabled")),
            Not(&Set("api_server_access_profile.authorized_ip_ranges")),
            Not(&Set("api_server_authorized_ip_ranges")),
        ]),
        aliases: ["AVD-AZU-0041", "AZU-0041", "CKV_AZURE_6"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/24"]
  }
}
"#,
    },
    {
        id: "azure-aks-network-policy",
        severity: Medium,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster without a network policy",
        why: "Without a network policy, every pod can reach every other pod.",
        fix: "Set `network_profile { network_policy = \"azure\" }` (or `calico`/`cilium`)",
        message: "network policy is not configured",
        when: Not(&Set("network_profile.network_policy")),
        aliases: ["AVD-AZU-0043", "AZU-0043", "CKV_AZURE_7"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
  network_profile {
    network_plugin = "azure"
  }
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
  network_profile {
    network_plugin = "azure"
    network_policy = "azure"
  }
}
"#,
    },
    {
        id: "azure-aks-logging",
        severity: Low,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster without Container Insights logging",
        why: "Without the monitoring agent, cluster and workload logs are not collected.",
        fix: "Add `oms_agent { log_analytics_workspace_id = … }`",
        message: "monitoring (oms_agent) is not configured",
        when: And(&[Not(&Has("oms_agent")), Not(&True("addon_profile.oms_agent.enabled"))]),
        aliases: ["AVD-AZU-0040", "AZU-0040", "CKV_AZURE_4"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
  oms_agent {
    log_analytics_workspace_id = "/subscriptions/x/workspaces/logs"
  }
}
"#,
    },
    {
        id: "azure-aks-disk-encryption-set",
        severity: Low,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster without a disk encryption set",
        why: "A disk encryption set encrypts node OS and data disks with your Key Vault key.",
        fix: "Set `disk_encryption_set_id`",
        message: "no disk encryption set",
        when: Not(&Set("disk_encryption_set_id")),
        aliases: ["AVD-AZU-0067", "AZU-0067", "CKV_AZURE_117"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name                   = "aks"
  disk_encryption_set_id = "/subscriptions/x/diskEncryptionSets/des"
}
"#,
    },
    {
        id: "azure-aks-local-admin",
        severity: Medium,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster with local accounts enabled",
        why: "The local admin kubeconfig is a static credential that bypasses Entra ID and cannot be audited per user.",
        fix: "Set `local_account_disabled = true` with Entra ID integration",
        message: "local accounts are enabled",
        when: Not(&True("local_account_disabled")),
        aliases: ["CKV_AZURE_141"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name                   = "aks"
  local_account_disabled = true
}
"#,
    },
    {
        id: "azure-aks-node-public-ip",
        severity: Medium,
        types: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
        service: "aks",
        summary: "AKS nodes with public IP addresses",
        why: "Nodes with public IPs are reachable from the internet directly.",
        fix: "Remove `node_public_ip_enabled = true` (`enable_node_public_ip`)",
        message: "nodes get public IPs",
        when: Or(&[
            True("enable_node_public_ip"), True("node_public_ip_enabled"),
            True("default_node_pool.enable_node_public_ip"), True("default_node_pool.node_public_ip_enabled"),
        ]),
        aliases: ["CKV_AZURE_143"],
        bad: r#"resource "azurerm_kubernetes_cluster_node_pool" "p" {
  name                   = "pool"
  node_public_ip_enabled = true
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster_node_pool" "p" {
  name                   = "pool"
  node_public_ip_enabled = false
}
"#,
    },
    {
        id: "azure-aks-private-cluster",
        severity: Low,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster with a public API server",
        why: "A private cluster keeps the API server on a private IP inside the VNet.",
        fix: "Set `private_cluster_enabled = true`",
        message: "cluster is not private",
        when: Not(&True("private_cluster_enabled")),
        aliases: ["CKV_AZURE_115"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name                    = "aks"
  private_cluster_enabled = true
}
"#,
    },
    {
        id: "azure-aks-upgrade-channel",
        severity: Low,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster without an automatic upgrade channel",
        why: "An upgrade channel keeps the cluster on patched Kubernetes versions.",
        fix: "Set `automatic_upgrade_channel = \"patch\"` (`automatic_channel_upgrade` on older providers)",
        message: "no automatic upgrade channel",
        when: And(&[Not(&Set("automatic_channel_upgrade")), Not(&Set("automatic_upgrade_channel"))]),
        aliases: ["CKV_AZURE_171"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name = "aks"
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name                      = "aks"
  automatic_upgrade_channel = "patch"
}
"#,
    },
    {
        id: "azure-aks-http-application-routing",
        severity: Low,
        types: ["azurerm_kubernetes_cluster"],
        service: "aks",
        summary: "An AKS cluster with the HTTP application routing add-on",
        why: "The add-on creates publicly accessible DNS names for ingresses and is not meant for production.",
        fix: "Set `http_application_routing_enabled = false`",
        message: "HTTP application routing is enabled",
        when: Or(&[True("http_application_routing_enabled"), True("addon_profile.http_application_routing.enabled")]),
        aliases: ["CKV_AZURE_246"],
        bad: r#"resource "azurerm_kubernetes_cluster" "k" {
  name                              = "aks"
  http_application_routing_enabled = true
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster" "k" {
  name                              = "aks"
  http_application_routing_enabled = false
}
"#,
    },
    {
        id: "azure-aks-host-encryption",
        severity: Low,
        types: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
        service: "aks",
        summary: "AKS nodes without encryption at host",
        why: "Encryption at host covers temp disks and caches that otherwise stay unencrypted.",
        fix: "Set `host_encryption_enabled = true` (`enable_host_encryption`) on the node pools",
        message: "host encryption is not enabled",
        when: Or(&[
            And(&[Type("azurerm_kubernetes_cluster"), Not(&True("default_node_pool.enable_host_encryption")), Not(&True("default_node_pool.host_encryption_enabled"))]),
            And(&[Type("azurerm_kubernetes_cluster_node_pool"), Not(&True("enable_host_encryption")), Not(&True("host_encryption_enabled"))]),
        ]),
        aliases: ["CKV_AZURE_227"],
        bad: r#"resource "azurerm_kubernetes_cluster_node_pool" "p" {
  name = "pool"
}
"#,
        good: r#"resource "azurerm_kubernetes_cluster_node_pool" "p" {
  name                    = "pool"
  host_encryption_enabled = true
}
"#,
    },
    {
        id: "azure-keyvault-purge-protection",
        severity: Medium,
        types: ["azurerm_key_vault"],
        service: "keyvault",
        summary: "A Key Vault without purge protection",
        why: "Without purge protection, a deleted vault (and every key encrypting your data) can be purged at once, by mistake or by an attacker.",
        fix: "Set `purge_protection_enabled = true`",
        message: "purge protection is not enabled",
        when: Not(&True("purge_protection_enabled")),
        aliases: ["AVD-AZU-0016", "AZU-0016", "CKV_AZURE_42", "CKV_AZURE_110"],
        bad: r#"resource "azurerm_key_vault" "v" {
  name = "vault"
}
"#,
        good: r#"resource "azurerm_key_vault" "v" {
  name                     = "vault"
  purge_protection_enabled = true
}
"#,
    },
    {
        id: "azure-keyvault-network-acl",
        severity: Medium,
        types: ["azurerm_key_vault"],
        service: "keyvault",
        summary: "A Key Vault reachable from all networks",
        why: "Without a network ACL defaulting to Deny, the vault endpoint accepts requests from anywhere.",
        fix: "Set `network_acls { default_action = \"Deny\" bypass = \"AzureServices\" }`",
        message: "network ACL does not deny by default",
        when: And(&[Not(&Eq("network_acls.default_action", "Deny")), Not(&False("public_network_access_enabled"))]),
        aliases: ["AVD-AZU-0013", "AZU-0013", "CKV_AZURE_109"],
        bad: r#"resource "azurerm_key_vault" "v" {
  name = "vault"
}
"#,
        good: r#"resource "azurerm_key_vault" "v" {
  name = "vault"
  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}
"#,
    },
    {
        id: "azure-keyvault-expiry",
        severity: Low,
        types: ["azurerm_key_vault_key", "azurerm_key_vault_secret"],
        service: "keyvault",
        summary: "A Key Vault key or secret without an expiration date",
        why: "Keys and secrets without expiry are never forced through rotation.",
        fix: "Set `expiration_date` (or a `rotation_policy` on keys)",
        message: "no expiration date",
        when: And(&[Not(&Set("expiration_date")), Not(&Set("rotation_policy.expire_after"))]),
        aliases: ["AVD-AZU-0014", "AZU-0014", "AVD-AZU-0017", "AZU-0017", "CKV_AZURE_40", "CKV_AZURE_41"],
        bad: r#"resource "azurerm_key_vault_secret" "s" {
  name         = "db"
  value        = var.db_password
  key_vault_id = "vault"
}
"#,
        good: r#"resource "azurerm_key_vault_secret" "s" {
  name            = "db"
  value           = var.db_password
  key_vault_id    = "vault"
  expiration_date = "2026-12-31T00:00:00Z"
}
"#,
    },
    {
        id: "azure-keyvault-secret-content-type",
        severity: Low,
        types: ["azurerm_key_vault_secret"],
        service: "keyvault",
        summary: "A Key Vault secret without a content type",
        why: "A content type says what the secret is (password, connection string, certificate), which helps rotation and review.",
        fix: "Set `content_type`",
        message: "no content type",
        when: Not(&Set("content_type")),
        aliases: ["AVD-AZU-0015", "AZU-0015", "CKV_AZURE_114"],
        bad: r#"resource "azurerm_key_vault_secret" "s" {
  name         = "db"
  value        = var.db_password
  key_vault_id = "vault"
}
"#,
        good: r#"resource "azurerm_key_vault_secret" "s" {
  name         = "db"
  value        = var.db_password
  key_vault_id = "vault"
  content_type = "password"
}
"#,
    },
    {
        id: "azure-acr-admin-user",
        severity: Medium,
        types: ["azurerm_container_registry"],
        service: "acr",
        summary: "A container registry with the admin user enabled",
        why: "The admin user is a shared username/password with full push/pull rights, outside Entra ID.",
        fix: "Set `admin_enabled = false` and use Entra ID identities or tokens",
        message: "admin user is enabled",
        when: True("admin_enabled"),
        aliases: ["CKV_AZURE_137"],
        bad: r#"resource "azurerm_container_registry" "r" {
  name          = "images"
  admin_enabled = true
}
"#,
        good: r#"resource "azurerm_container_registry" "r" {
  name          = "images"
  admin_enabled = false
}
"#,
    },
    {
        id: "azure-acr-anonymous-pull",
        severity: High,
        types: ["azurerm_container_registry"],
        service: "acr",
        summary: "A container registry allowing anonymous pulls",
        why: "Anyone on the internet can pull every image, and with it the code and configuration inside.",
        fix: "Set `anonymous_pull_enabled = false`",
        message: "anonymous pull is enabled",
        when: And(&[True("anonymous_pull_enabled"), Set("sku"), Not(&Eq("sku", "Basic"))]),
        aliases: ["CKV_AZURE_138"],
        bad: r#"resource "azurerm_container_registry" "r" {
  name                   = "images"
  sku                    = "Standard"
  anonymous_pull_enabled = true
}
"#,
        good: r#"resource "azurerm_container_registry" "r" {
  name                   = "images"
  anonymous_pull_enabled = false
}
"#,
    },
    {
        id: "azure-monitor-log-profile",
        severity: Low,
        types: ["azurerm_monitor_log_profile"],
        service: "monitor",
        summary: "An activity log profile not capturing all categories",
        why: "The activity log is the audit trail of the subscription; it must record Write, Delete and Action events and be kept for a year.",
        fix: "Set `categories = [\"Action\", \"Delete\", \"Write\"]` and `retention_policy { enabled = true days = 365 }`",
        message: "log profile misses Action, Delete or Write events",
        when: And(&[Set("categories"), Not(&And(&[Contains("categories", "Action"), Contains("categories", "Delete"), Contains("categories", "Write")]))]),
        aliases: ["AVD-AZU-0033", "AZU-0033", "CKV_AZURE_38"],
        bad: r#"resource "azurerm_monitor_log_profile" "p" {
  name       = "audit"
  categories = []
  retention_policy {
    enabled = true
    days    = 7
  }
}
"#,
        good: r#"resource "azurerm_monitor_log_profile" "p" {
  name       = "audit"
  categories = ["Action", "Delete", "Write"]
  retention_policy {
    enabled = true
    days    = 365
  }
}
"#,
    },
    {
        id: "azure-monitor-log-retention",
        severity: Low,
        types: ["azurerm_monitor_log_profile"],
        service: "monitor",
        summary: "An activity log profile kept less than a year",
        why: "The activity log is the audit trail of the subscription; it must record Write, Delete and Action events and be kept for a year.",
        fix: "Set `categories = [\"Action\", \"Delete\", \"Write\"]` and `retention_policy { enabled = true days = 365 }`",
        message: "activity log retained for less than 365 days",
        when: And(&[True("retention_policy.enabled"), Or(&[Lt("retention_policy.days", 365.0), Not(&Set("retention_policy.days"))])]),
        aliases: ["AVD-AZU-0031", "AZU-0031", "CKV_AZURE_37"],
        bad: r#"resource "azurerm_monitor_log_profile" "p" {
  name       = "audit"
  categories = []
  retention_policy {
    enabled = true
    days    = 7
  }
}
"#,
        good: r#"resource "azurerm_monitor_log_profile" "p" {
  name       = "audit"
  categories = ["Action", "Delete", "Write"]
  retention_policy {
    enabled = true
    days    = 365
  }
}
"#,
    },
    {
        id: "azure-defender-contact",
        severity: Low,
        types: ["azurerm_security_center_contact"],
        service: "defender",
        summary: "A Defender for Cloud contact without email, alert notifications or admin alerts",
        why: "Security alerts are only useful if someone receives them.",
        fix: "Set `email`, `alert_notifications = true` and `alerts_to_admins = true`",
        message: "security alerts are not sent",
        when: Or(&[Not(&Set("email")), Empty("email"), Not(&True("alert_notifications")), Not(&True("alerts_to_admins"))]),
        aliases: ["AVD-AZU-0018", "AZU-0018", "AVD-AZU-0044", "AZU-0044", "AVD-AZU-0062", "AZU-0062", "CKV_AZURE_20", "CKV_AZURE_21", "CKV_AZURE_22"],
        bad: r#"resource "azurerm_security_center_contact" "c" {
  email               = "security@example.com"
  alert_notifications = false
  alerts_to_admins    = false
}
"#,
        good: r#"resource "azurerm_security_center_contact" "c" {
  email               = "security@example.com"
  alert_notifications = true
  alerts_to_admins    = true
}
"#,
    },
    {
        id: "azure-defender-free-tier",
        severity: Medium,
        types: ["azurerm_security_center_subscription_pricing"],
        service: "defender",
        summary: "A Defender for Cloud plan on the Free tier",
        why: "The Free tier has no threat detection for the resource type.",
        fix: "Set `tier = \"Standard\"`",
        message: "Defender plan is Free",
        when: Eq("tier", "Free"),
        aliases: ["AVD-AZU-0045", "AZU-0045", "CKV_AZURE_19"],
        bad: r#"resource "azurerm_security_center_subscription_pricing" "p" {
  tier          = "Free"
  resource_type = "VirtualMachines"
}
"#,
        good: r#"resource "azurerm_security_center_subscription_pricing" "p" {
  tier          = "Standard"
  resource_type = "VirtualMachines"
}
"#,
    },
    {
        id: "azure-custom-role-owner",
        severity: High,
        types: ["azurerm_role_definition"],
        service: "iam",
        summary: "A custom role definition allowing every action",
        why: "A custom role with `actions = [\"*\"]` is subscription Owner under another name, and can create further roles.",
        fix: "List the needed actions",
        message: "custom role allows all actions",
        when: Any("permissions", &Contains("actions", "*")),
        aliases: ["AVD-AZU-0052", "AZU-0052", "CKV_AZURE_39"],
        bad: r#"resource "azurerm_role_definition" "r" {
  name  = "admin"
  scope = "/subscriptions/x"
  permissions {
    actions = ["*"]
  }
}
"#,
        good: r#"resource "azurerm_role_definition" "r" {
  name  = "reader"
  scope = "/subscriptions/x"
  permissions {
    actions = ["Microsoft.Storage/storageAccounts/read"]
  }
}
"#,
    },
    {
        id: "azure-custom-role-root-scope",
        severity: High,
        types: ["azurerm_role_definition"],
        service: "iam",
        summary: "A custom role allowing every action, assignable at the root scope",
        why: "A custom role with `actions = [\"*\"]` is subscription Owner under another name, and can create further roles.",
        fix: "List the needed actions",
        message: "custom role allows all actions",
        when: And(&[Any("permissions", &Contains("actions", "*")), Contains("assignable_scopes", "/")]),
        aliases: ["AVD-AZU-0030", "AZU-0030"],
        bad: r#"resource "azurerm_role_definition" "r" {
  name  = "admin"
  scope = "/subscriptions/x"
  permissions {
    actions = ["*"]
  }
  assignable_scopes = ["/"]
}
"#,
        good: r#"resource "azurerm_role_definition" "r" {
  name  = "reader"
  scope = "/subscriptions/x"
  permissions {
    actions = ["Microsoft.Storage/storageAccounts/read"]
  }
}
"#,
    },
    {
        id: "azure-synapse-managed-vnet",
        severity: Low,
        types: ["azurerm_synapse_workspace"],
        service: "synapse",
        summary: "A Synapse workspace without a managed virtual network",
        why: "A managed VNet with data exfiltration protection keeps workspace traffic private and limits where data can be sent.",
        fix: "Set `managed_virtual_network_enabled = true` and `data_exfiltration_protection_enabled = true`",
        message: "managed virtual network or exfiltration protection is off",
        when: Not(&True("managed_virtual_network_enabled")),
        aliases: ["AVD-AZU-0034", "AZU-0034", "CKV_AZURE_58"],
        bad: r#"resource "azurerm_synapse_workspace" "w" {
  name = "analytics"
}
"#,
        good: r#"resource "azurerm_synapse_workspace" "w" {
  name                                 = "analytics"
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
}
"#,
    },
    {
        id: "azure-synapse-exfiltration-protection",
        severity: Low,
        types: ["azurerm_synapse_workspace"],
        service: "synapse",
        summary: "A Synapse workspace without data exfiltration protection",
        why: "A managed VNet with data exfiltration protection keeps workspace traffic private and limits where data can be sent.",
        fix: "Set `managed_virtual_network_enabled = true` and `data_exfiltration_protection_enabled = true`",
        message: "managed virtual network or exfiltration protection is off",
        when: Not(&True("data_exfiltration_protection_enabled")),
        aliases: ["CKV_AZURE_157"],
        bad: r#"resource "azurerm_synapse_workspace" "w" {
  name = "analytics"
}
"#,
        good: r#"resource "azurerm_synapse_workspace" "w" {
  name                                 = "analytics"
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
}
"#,
    },
    {
        id: "azure-cosmos-no-cmk",
        severity: Low,
        types: ["azurerm_cosmosdb_account", "azurerm_data_factory", "azurerm_kusto_cluster", "azurerm_synapse_workspace", "azurerm_databricks_workspace"],
        service: "kms",
        summary: "A data service not encrypted with a customer-managed key",
        why: "Microsoft-managed keys cannot be restricted or revoked by you; a Key Vault key can.",
        fix: "Set the customer-managed key (`key_vault_key_id`, `customer_managed_key { … }`, `customer_managed_key_enabled = true`)",
        message: "not encrypted with a customer-managed key",
        when: Or(&[
            And(&[Type("azurerm_cosmosdb_account"), Not(&Set("key_vault_key_id"))]),
            And(&[Type("azurerm_data_factory"), Not(&Set("customer_managed_key_id"))]),
            And(&[Type("azurerm_kusto_cluster"), Not(&True("disk_encryption_enabled"))]),
            And(&[Type("azurerm_synapse_workspace"), Not(&Has("customer_managed_key"))]),
            And(&[Type("azurerm_databricks_workspace"), Not(&True("customer_managed_key_enabled"))]),
        ]),
        aliases: ["CKV_AZURE_100", "CKV2_AZURE_15", "CKV_AZURE_74", "CKV_AZURE_240", "CKV2_AZURE_48"],
        bad: r#"resource "azurerm_cosmosdb_account" "c" {
  name = "docs"
}
"#,
        good: r#"resource "azurerm_cosmosdb_account" "c" {
  name             = "docs"
  key_vault_key_id = "https://vault.vault.azure.net/keys/cosmos"
}
"#,
    },
    {
        id: "azure-container-group-not-in-vnet",
        severity: Low,
        types: ["azurerm_container_group"],
        service: "containers",
        summary: "A container group with a public IP instead of a virtual network",
        why: "Container groups outside a VNet are reachable from the internet on their exposed ports.",
        fix: "Set `ip_address_type = \"Private\"` with `subnet_ids`",
        message: "container group is not deployed into a virtual network",
        when: And(&[Not(&Eq("ip_address_type", "Private")), Not(&Eq("ip_address_type", "None")), Not(&Set("subnet_ids")), Not(&Set("network_profile_id"))]),
        aliases: ["CKV_AZURE_98"],
        bad: r#"resource "azurerm_container_group" "g" {
  name            = "jobs"
  ip_address_type = "Public"
}
"#,
        good: r#"resource "azurerm_container_group" "g" {
  name            = "jobs"
  ip_address_type = "Private"
  subnet_ids      = ["/subscriptions/x/subnets/aci"]
}
"#,
    },
    {
        id: "azure-cdn-http",
        severity: Medium,
        types: ["azurerm_cdn_endpoint"],
        service: "cdn",
        summary: "A CDN endpoint serving plain HTTP",
        why: "HTTP delivers content unencrypted and lets a network attacker modify it.",
        fix: "Set `is_http_allowed = false` and keep `is_https_allowed = true`",
        message: "HTTP is allowed or HTTPS disabled",
        when: Not(&False("is_http_allowed")),
        aliases: ["CKV_AZURE_197"],
        bad: r#"resource "azurerm_cdn_endpoint" "e" {
  name = "assets"
}
"#,
        good: r#"resource "azurerm_cdn_endpoint" "e" {
  name            = "assets"
  is_http_allowed = false
}
"#,
    },
    {
        id: "azure-cdn-https-disabled",
        severity: Medium,
        types: ["azurerm_cdn_endpoint"],
        service: "cdn",
        summary: "A CDN endpoint serving plain HTTP",
        why: "HTTP delivers content unencrypted and lets a network attacker modify it.",
        fix: "Set `is_http_allowed = false` and keep `is_https_allowed = true`",
        message: "HTTP is allowed or HTTPS disabled",
        when: False("is_https_allowed"),
        aliases: ["CKV_AZURE_198"],
        bad: r#"resource "azurerm_cdn_endpoint" "e" {
  name             = "assets"
  is_https_allowed = false
}
"#,
        good: r#"resource "azurerm_cdn_endpoint" "e" {
  name            = "assets"
  is_http_allowed = false
}
"#,
    },
    {
        id: "azure-api-management-backend-http",
        severity: Medium,
        types: ["azurerm_api_management_backend"],
        service: "apim",
        summary: "An API Management backend reached over plain HTTP",
        why: "Requests forwarded over HTTP expose data and credentials between API Management and the backend.",
        fix: "Use an `https://` backend URL",
        message: "backend URL is not HTTPS",
        when: Prefix("url", "http://"),
        aliases: ["CKV_AZURE_215"],
        bad: r#"resource "azurerm_api_management_backend" "b" {
  name     = "api"
  protocol = "http"
  url      = "http://backend.example.com"
}
"#,
        good: r#"resource "azurerm_api_management_backend" "b" {
  name     = "api"
  protocol = "http"
  url      = "https://backend.example.com"
}
"#,
    },
    {
        id: "azure-firewall-threat-intel",
        severity: Low,
        types: ["azurerm_firewall"],
        service: "network",
        summary: "An Azure Firewall not denying threat-intelligence matches",
        why: "Threat intelligence in Deny mode blocks traffic to known malicious addresses; a firewall policy centralises rules.",
        fix: "Set `threat_intel_mode = \"Deny\"` and `firewall_policy_id`",
        message: "threat intelligence does not deny or no firewall policy",
        when: And(&[Not(&Set("firewall_policy_id")), Not(&Eq("threat_intel_mode", "Deny"))]),
        aliases: ["CKV_AZURE_216"],
        bad: r#"resource "azurerm_firewall" "f" {
  name = "edge"
}
"#,
        good: r#"resource "azurerm_firewall" "f" {
  name               = "edge"
  firewall_policy_id = "/subscriptions/x/firewallPolicies/edge"
  threat_intel_mode  = "Deny"
}
"#,
    },
    {
        id: "azure-firewall-no-policy",
        severity: Low,
        types: ["azurerm_firewall"],
        service: "network",
        summary: "An Azure Firewall without a firewall policy",
        why: "Threat intelligence in Deny mode blocks traffic to known malicious addresses; a firewall policy centralises rules.",
        fix: "Set `threat_intel_mode = \"Deny\"` and `firewall_policy_id`",
        message: "threat intelligence does not deny or no firewall policy",
        when: Not(&Set("firewall_policy_id")),
        aliases: ["CKV_AZURE_219"],
        bad: r#"resource "azurerm_firewall" "f" {
  name = "edge"
}
"#,
        good: r#"resource "azurerm_firewall" "f" {
  name               = "edge"
  firewall_policy_id = "/subscriptions/x/firewallPolicies/edge"
  threat_intel_mode  = "Deny"
}
"#,
    },
}
