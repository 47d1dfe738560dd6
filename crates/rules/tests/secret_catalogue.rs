//! The measured coverage table of `docs/secrets.md`: every rule of gitleaks' default
//! configuration (by id) and the common token types of trufflehog's detectors (by provider),
//! each with a sample built at run time from the provider's documented token format, judged by
//! `secret_detect::classify`. The table in the docs is generated from these measurements
//! (`UPDATE_DOCS=1 cargo test -p infra-lint-rules --test secret_catalogue`) and this test fails
//! when the docs and the measurements differ, so the table cannot drift from the detector.
//!
//! Every known token shape of the detector is covered by at least one sample here (its positive
//! test), and every sample has two negatives that must not be reported as that kind: the
//! random parts replaced by filler (`xxxx…`, the way placeholders are written) and the token cut
//! three characters after its fixed prefix (a wrong length).
//!
//! Only facts (rule ids, token formats) come from other projects; samples, shapes and words are
//! our own. No sample is a literal token in this file: templates hold `{a:36}`-style slots
//! filled with deterministic pseudo-random characters.

use infra_lint_rules::secret_detect::{classify, shape_kinds, token_ranges};

/// How infra-lint is expected to handle a token type.
enum How {
    /// Recognised by shape: the sample (with no key name) must be reported as a known shape.
    Shape(&'static str),
    /// Recognised by shape only under a telling key (the AWS secret key): key, sample.
    ShapeUnder(&'static str, &'static str),
    /// No shape (a generic-looking value): found by the key-name heuristic under this key.
    Key(&'static str, &'static str),
    /// Handled elsewhere than `classify` (another rule, or decoding in the rule): the text says where.
    Elsewhere(&'static str),
    /// Not reported, and why.
    No(&'static str),
}
use How::{Elsewhere, Key, No, Shape, ShapeUnder};

/// gitleaks' generic keyword rules (a vendor name next to a generic-looking value) are measured
/// with this value under the key `<ID>` upper-cased (`ADAFRUIT_API_KEY`).
const VENDOR_VALUE: &str = "{a:32}";

const ID_NOT_SECRET: &str =
    "an identifier, not a credential: infra-lint reports the secret that goes with it, not the id";
const PUBLIC_KEY: &str = "a public (publishable) key, public by design: names with `pub`/`public` are not secret names";

/// gitleaks' default rules (config/gitleaks.toml), by id.
const GITLEAKS: &[(&str, How)] = &[
    ("1password-secret-key", Shape("A3-{U:6}-{U:11}-{U:5}-{U:5}-{U:5}")),
    ("1password-service-account-token", Shape("ops_eyJ{b:260}")),
    ("adafruit-api-key", Key("", VENDOR_VALUE)),
    ("adobe-client-id", No(ID_NOT_SECRET)),
    ("adobe-client-secret", Shape("p8e-{a:32}")),
    ("age-secret-key", Shape("AGE-SECRET-KEY-1{B:58}")),
    ("airtable-api-key", Key("", VENDOR_VALUE)),
    ("algolia-api-key", Key("", VENDOR_VALUE)),
    ("alibaba-access-key-id", Shape("LTAI{a:20}")),
    ("alibaba-secret-key", Key("", "{a:30}")),
    ("anthropic-admin-api-key", Shape("sk-ant-admin01-{w:93}AA")),
    ("anthropic-api-key", Shape("sk-ant-api03-{w:93}AA")),
    ("artifactory-api-key", Shape("AKCp{a:69}")),
    ("artifactory-reference-token", Shape("cmVmdGtu{a:56}")),
    ("asana-client-id", No(ID_NOT_SECRET)),
    ("asana-client-secret", Key("", VENDOR_VALUE)),
    ("atlassian-api-token", Shape("ATATT3{w:186}")),
    ("authress-service-client-access-key", Key("", "sc_{a:20}.{a:4}.acc_{a:20}.{w:40}")),
    ("aws-access-token", Shape("AKIA{U:16}")),
    ("azure-ad-client-secret", Shape("{a:3}8Q~{a:34}")),
    ("beamer-api-token", Key("", "b_{w:44}")),
    ("bitbucket-client-id", No(ID_NOT_SECRET)),
    ("bitbucket-client-secret", Key("", "{w:64}")),
    ("bittrex-access-key", Key("", VENDOR_VALUE)),
    ("bittrex-secret-key", Key("", VENDOR_VALUE)),
    ("cisco-meraki-api-key", Key("", "{h:40}")),
    ("clickhouse-cloud-api-secret-key", Shape("4b1d{a:38}")),
    ("clojars-api-token", Shape("CLOJARS_{l:60}")),
    ("cloudflare-api-key", Key("", "{w:40}")),
    ("cloudflare-global-api-key", Key("", "{h:37}")),
    ("cloudflare-origin-ca-key", Shape("v1.0-{h:24}-{h:146}")),
    ("codecov-access-token", Key("", VENDOR_VALUE)),
    ("cohere-api-token", Key("", "{a:40}")),
    ("coinbase-access-token", Key("", "{w:64}")),
    ("confluent-access-token", Key("", "{a:16}")),
    ("confluent-secret-key", Key("", "{a:64}")),
    ("contentful-delivery-api-token", Key("", "{w:43}")),
    ("curl-auth-header", Elsewhere("a known token shape in the header is found in `RUN`/`run:` scripts; other bearer values are not")),
    ("curl-auth-user", Elsewhere("`password-in-run` (Dockerfile `RUN curl -u user:pass`)")),
    ("database-password", Elsewhere("key-name rule: any literal under a password-named key in production configuration")),
    ("databricks-api-token", Shape("dapi{h:32}")),
    ("datadog-access-token", Key("", "{h:40}")),
    ("defined-networking-api-token", Shape("dnkey-{l:26}-{l:52}")),
    ("digitalocean-access-token", Shape("doo_v1_{h:64}")),
    ("digitalocean-pat", Shape("dop_v1_{h:64}")),
    ("digitalocean-refresh-token", Shape("dor_v1_{h:64}")),
    ("discord-api-token", Key("", "{h:64}")),
    ("discord-client-id", No(ID_NOT_SECRET)),
    ("discord-client-secret", Key("", "{w:32}")),
    ("doppler-api-token", Shape("dp.pt.{a:43}")),
    ("droneci-access-token", Key("", VENDOR_VALUE)),
    ("dropbox-api-token", Key("", "{a:15}")),
    ("dropbox-long-lived-api-token", Key("", "{a:11}AAAAAAAAAA{w:43}")),
    ("dropbox-short-lived-api-token", Shape("sl.{w:135}")),
    ("duffel-api-token", Shape("duffel_live_{w:43}")),
    ("dynatrace-api-token", Shape("dt0c01.{U:24}.{U:64}")),
    ("easypost-api-token", Shape("EZAK{a:54}")),
    ("easypost-test-api-token", Shape("EZTK{a:54}")),
    ("etsy-access-token", Key("", "{l:24}")),
    ("facebook-access-token", Key("", "{d:15}|{w:27}")),
    ("facebook-page-access-token", Shape("EAAM{a:120}")),
    ("facebook-secret", Key("", VENDOR_VALUE)),
    ("fastly-api-token", Key("", "{w:32}")),
    ("finicity-api-token", Key("", VENDOR_VALUE)),
    ("finicity-client-secret", Key("", "{a:20}")),
    ("finnhub-access-token", Key("", "{a:20}")),
    ("flickr-access-token", Key("", VENDOR_VALUE)),
    ("flutterwave-encryption-key", Key("", "FLWSECK_TEST{h:12}")),
    ("flutterwave-public-key", Shape("FLWPUBK_TEST-{h:32}-X")),
    ("flutterwave-secret-key", Shape("FLWSECK_TEST-{h:32}-X")),
    ("flyio-access-token", Shape("fo1_{w:43}")),
    ("frameio-api-token", Shape("fio-u-{w:64}")),
    ("freemius-secret-key", No("PHP sources are not read")),
    ("freshbooks-access-token", Key("", "{l:64}")),
    ("gcp-api-key", Shape("AIza{w:35}")),
    ("generic-api-key", Key("API_KEY", VENDOR_VALUE)),
    ("github-app-token", Shape("ghs_{a:36}")),
    ("github-fine-grained-pat", Shape("github_pat_{a:22}_{a:59}")),
    ("github-oauth", Shape("gho_{a:36}")),
    ("github-pat", Shape("ghp_{a:36}")),
    ("github-refresh-token", Shape("ghr_{a:36}")),
    ("gitlab-cicd-job-token", Shape("glcbt-64_{w:20}")),
    ("gitlab-deploy-token", Shape("gldt-{w:20}")),
    ("gitlab-feature-flag-client-token", Shape("glffct-{w:20}")),
    ("gitlab-feed-token", Shape("glft-{w:20}")),
    ("gitlab-incoming-mail-token", Shape("glimt-{w:25}")),
    ("gitlab-kubernetes-agent-token", Shape("glagent-{w:50}")),
    ("gitlab-oauth-app-secret", Shape("gloas-{w:64}")),
    ("gitlab-pat", Shape("glpat-{w:20}")),
    ("gitlab-pat-routable", Shape("glpat-{w:27}.01.{l:9}")),
    ("gitlab-ptt", Shape("glptt-{h:40}")),
    ("gitlab-rrt", Shape("GR1348941{w:20}")),
    ("gitlab-runner-authentication-token", Shape("glrt-{w:20}")),
    ("gitlab-runner-authentication-token-routable", Shape("glrt-t1_{w:27}.01.{l:9}")),
    ("gitlab-scim-token", Shape("glsoat-{w:20}")),
    ("gitlab-session-cookie", Shape("_gitlab_session={l:32}")),
    ("gitter-access-token", Key("", "{w:40}")),
    ("gocardless-api-token", Key("", "live_{w:40}")),
    ("grafana-api-key", Shape("eyJrIjoi{a:80}")),
    ("grafana-cloud-api-token", Shape("glc_eyJvIjoi{a:80}")),
    ("grafana-service-account-token", Shape("glsa_{a:32}_{h:8}")),
    ("harness-api-key", Shape("pat.{w:22}.{a:24}.{a:20}")),
    ("hashicorp-tf-api-token", Shape("{a:14}.atlasv1.{w:67}")),
    ("hashicorp-tf-password", Elsewhere("secret-by-definition Terraform attributes (database passwords …) are reported as literals")),
    ("heroku-api-key", Key("", "{g}")),
    ("heroku-api-key-v2", Shape("HRKU-AA{w:58}")),
    ("hubspot-api-key", Key("", "{g}")),
    ("huggingface-access-token", Shape("hf_{L:34}")),
    ("huggingface-organization-api-token", Shape("api_org_{L:34}")),
    ("infracost-api-token", Shape("ico-{a:32}")),
    ("intercom-api-key", Key("", "{w:60}=")),
    ("intra42-client-secret", Shape("s-s4t2ud-{h:64}")),
    ("jfrog-api-key", Key("", "{a:73}")),
    ("jfrog-identity-token", Key("", "{a:64}")),
    ("jwt", Shape("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6ImFkbWluIiwiaXNzIjoiYWNtZSJ9.{w:43}")),
    ("jwt-base64", Elsewhere("`hardcoded-secret` decodes base64 values and searches the text (fixture `bad_base64`)")),
    ("kraken-access-token", Key("", "{w:80}")),
    ("kubernetes-secret-yaml", No("Kubernetes manifests are not read")),
    ("kucoin-access-token", Key("", "{h:24}")),
    ("kucoin-secret-key", Key("", "{g}")),
    ("launchdarkly-access-token", Key("", "api-{g}")),
    ("linear-api-key", Shape("lin_api_{a:40}")),
    ("linear-client-secret", Key("", "{h:32}")),
    ("linkedin-client-id", No(ID_NOT_SECRET)),
    ("linkedin-client-secret", Key("", "{a:16}")),
    ("lob-api-key", Key("", "live_{h:35}")),
    ("lob-pub-api-key", No(PUBLIC_KEY)),
    ("mailchimp-api-key", Shape("{h:32}-us{d:2}")),
    ("mailgun-private-api-token", Key("", "key-{h:32}")),
    ("mailgun-pub-key", No(PUBLIC_KEY)),
    ("mailgun-signing-key", Key("", "{h:32}-{h:8}-{h:8}")),
    ("mapbox-api-token", Key("", "pk.{a:60}.{w:22}")),
    ("mattermost-access-token", Key("", "{l:26}")),
    ("maxmind-license-key", Shape("{a:6}_{a:29}_mmk")),
    ("messagebird-api-token", Key("", "{a:25}")),
    ("messagebird-client-id", No(ID_NOT_SECRET)),
    ("microsoft-teams-webhook", Shape("https://acme.webhook.office.com/webhookb2/{g}@{g}/IncomingWebhook/{h:32}/{g}")),
    ("netlify-access-token", Key("", "{w:43}")),
    ("new-relic-browser-api-token", Key("", "NRJS-{h:19}")),
    ("new-relic-insert-key", Shape("NRII-{a:32}")),
    ("new-relic-user-api-id", No(ID_NOT_SECRET)),
    ("new-relic-user-api-key", Shape("NRAK-{U:27}")),
    ("notion-api-token", Shape("ntn_{d:11}{a:35}")),
    ("npm-access-token", Shape("npm_{a:36}")),
    ("nuget-config-password", No("NuGet config files are not read")),
    ("nytimes-access-token", Key("", "{w:32}")),
    ("octopus-deploy-api-key", Shape("API-{U:26}")),
    ("okta-access-token", Key("", "00{w:40}")),
    ("openai-api-key", Shape("sk-proj-{w:74}T3BlbkFJ{w:74}")),
    ("openshift-user-token", Shape("sha256~{w:43}")),
    ("perplexity-api-key", Shape("pplx-{a:48}")),
    ("pkcs12-file", No("binary key files are not read")),
    ("plaid-api-token", Shape("access-production-{g}")),
    ("plaid-client-id", No(ID_NOT_SECRET)),
    ("plaid-secret-key", Key("", "{h:30}")),
    ("planetscale-api-token", Shape("pscale_tkn_{w:43}")),
    ("planetscale-oauth-token", Shape("pscale_oauth_{w:43}")),
    ("planetscale-password", Shape("pscale_pw_{w:43}")),
    ("postman-api-token", Shape("PMAK-{h:24}-{h:34}")),
    ("prefect-api-token", Shape("pnu_{a:36}")),
    ("private-key", Shape("-----BEGIN PRIVATE KEY-----\n{b:64}\n{b:64}\n-----END PRIVATE KEY-----")),
    ("privateai-api-token", Key("", VENDOR_VALUE)),
    ("pulumi-api-token", Shape("pul-{h:40}")),
    ("pypi-upload-token", Shape("pypi-AgEIcHlwaS5vcmc{w:70}")),
    ("rapidapi-access-token", Key("", "{w:50}")),
    ("readme-api-token", Shape("rdme_{l:70}")),
    ("rubygems-api-token", Shape("rubygems_{h:48}")),
    ("scalingo-api-token", Shape("tk-us-{w:48}")),
    ("sendbird-access-id", No(ID_NOT_SECRET)),
    ("sendbird-access-token", Key("", "{h:40}")),
    ("sendgrid-api-token", Shape("SG.{w:22}.{w:43}")),
    ("sendinblue-api-token", Shape("xkeysib-{h:64}-{a:16}")),
    ("sentry-access-token", Key("", "{h:64}")),
    ("sentry-org-token", Shape("sntrys_eyJpYXQiO{b:80}_{a:43}")),
    ("sentry-user-token", Shape("sntryu_{h:64}")),
    ("settlemint-application-access-token", Shape("sm_aat_{a:16}")),
    ("settlemint-personal-access-token", Shape("sm_pat_{a:16}")),
    ("settlemint-service-access-token", Shape("sm_sat_{a:16}")),
    ("shippo-api-token", Shape("shippo_live_{h:40}")),
    ("shopify-access-token", Shape("shpat_{h:32}")),
    ("shopify-custom-access-token", Shape("shpca_{h:32}")),
    ("shopify-private-app-access-token", Shape("shppa_{h:32}")),
    ("shopify-shared-secret", Shape("shpss_{h:32}")),
    ("sidekiq-secret", Key("BUNDLE_ENTERPRISE__CONTRIBSYS__COM", "{h:8}:{h:8}")),
    ("sidekiq-sensitive-url", Shape("https://{h:8}:{h:8}@gems.contribsys.com/")),
    ("slack-app-token", Shape("xapp-1-A{U:10}-{d:13}-{h:64}")),
    ("slack-bot-token", Shape("xoxb-{d:11}-{d:12}-{a:24}")),
    ("slack-config-access-token", Shape("xoxe.xoxp-1-{a:150}")),
    ("slack-config-refresh-token", Shape("xoxe-1-{a:146}")),
    ("slack-legacy-bot-token", Shape("xoxb-{d:11}-{a:24}")),
    ("slack-legacy-token", Shape("xoxs-{d:11}-{d:11}-{d:12}-{h:64}")),
    ("slack-legacy-workspace-token", Shape("xoxa-2-{d:11}-{a:30}")),
    ("slack-user-token", Shape("xoxp-{d:11}-{d:11}-{d:12}-{h:32}")),
    ("slack-webhook-url", Shape("https://hooks.slack.com/services/T{U:8}/B{U:10}/{a:24}")),
    ("snyk-api-token", Key("", "{g}")),
    ("sonar-api-token", Key("", "{h:40}")),
    ("sourcegraph-access-token", Shape("sgp_{h:16}_{h:40}")),
    ("square-access-token", Shape("EAAA{w:60}")),
    ("squarespace-access-token", Key("", "{g}")),
    ("stripe-access-token", Shape("sk_live_{a:24}")),
    ("sumologic-access-id", No(ID_NOT_SECRET)),
    ("sumologic-access-token", Key("", "{a:64}")),
    ("telegram-bot-api-token", Shape("{d:10}:AA{w:33}")),
    ("travisci-access-token", Key("", "{a:22}")),
    ("twilio-api-key", Shape("SK{h:32}")),
    ("twitch-api-token", Key("", "{l:30}")),
    ("twitter-access-secret", Key("", "{a:45}")),
    ("twitter-access-token", Key("", "{d:19}-{a:40}")),
    ("twitter-api-key", Key("", "{a:25}")),
    ("twitter-api-secret", Key("", "{a:50}")),
    ("twitter-bearer-token", Key("", "AAAAAAAAAAAAAAAAAAAAA{w:80}")),
    ("typeform-api-token", Shape("tfp_{w:59}")),
    ("vault-batch-token", Shape("hvb.{w:138}")),
    ("vault-service-token", Shape("hvs.{w:95}")),
    ("yandex-access-token", Key("", "t1.{w:90}")),
    ("yandex-api-key", Key("", "AQVN{w:36}")),
    ("yandex-aws-access-token", Key("", "YC{w:38}")),
    ("zendesk-secret-key", Key("", "{a:40}")),
];

/// Token types of trufflehog's detectors that gitleaks' default list has no shape rule for
/// (trufflehog has several hundred detectors, most of them verifying a generic value against a
/// vendor's API; these are the ones with a recognisable format), and the other shapes
/// infra-lint knows. By provider.
const MORE: &[(&str, How)] = &[
    ("AWS secret access key", ShapeUnder("AWS_SECRET_ACCESS_KEY", "{b:40}")),
    ("AWS session/other access key ids (ABIA, ACCA, A3T…)", Shape("ABIA{U:16}")),
    ("Airtable personal access token", Shape("pat{a:14}.{h:64}")),
    ("Azure storage account key", Shape("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={a:86}==")),
    ("Azure identifiable key (Cosmos DB, API Management …)", Shape("{a:76}ACDb{a:5}==")),
    ("Azure DevOps personal access token", Shape("{a:52}AZDO{a:4}")),
    ("Bitbucket app password", Shape("ATBB{a:28}")),
    ("Braintree production access token", Shape("access_token$production${l:16}${h:32}")),
    ("Buildkite API token", Shape("bkua_{h:40}")),
    ("CircleCI personal token", Shape("CCIPAT_{a:22}_{h:40}")),
    ("Contentful personal access token", Shape("CFPAT-{w:43}")),
    ("Discord webhook URL", Shape("https://discord.com/api/webhooks/{d:18}/{w:68}")),
    ("Docker Hub access token", Shape("dckr_pat_{w:27}")),
    ("Docker registry auth (base64 user:password)", Shape("{\"auths\":{\"registry.acme-corp.io\":{\"auth\":\"@b64:deploy:{a:20}@\"}}}")),
    ("Figma personal access token", Shape("figd_{w:40}")),
    ("Fly.io macaroon token", Shape("FlyV1 fm2_{b:80}")),
    ("GitHub user-to-server token", Shape("ghu_{a:36}")),
    ("Google OAuth client secret", Shape("GOCSPX-{w:28}")),
    ("Groq API key", Shape("gsk_{a:48}")),
    ("LangSmith API key", Shape("lsv2_pt_{h:32}_{h:10}")),
    ("Mapbox secret token", Shape("sk.eyJ{w:40}.{w:22}")),
    ("Neon API key", Shape("napi_{l:64}")),
    ("Netlify personal access token", Shape("nfp_{a:36}")),
    ("Render API key", Shape("rnd_{a:32}")),
    ("Replicate API token", Shape("r8_{w:37}")),
    ("Resend API key", Shape("re_{a:8}_{a:24}")),
    ("SonarQube token", Shape("squ_{h:40}")),
    ("Square OAuth secret", Shape("sq0csp-{w:43}")),
    ("Stripe restricted live key", Shape("rk_live_{a:24}")),
    ("Stripe/Svix webhook signing secret", Shape("whsec_{a:32}")),
    ("Supabase access token", Shape("sbp_{h:40}")),
    ("Supabase secret key", Shape("sb_secret_{w:31}")),
    ("Tailscale API/auth key", Shape("tskey-auth-k{a:10}-{a:30}")),
    ("Tencent Cloud secret id", Shape("AKID{a:32}")),
    ("URL with an embedded password", Shape("postgres://app:{a:20}@db.acme-corp.io:5432/app")),
    ("Vercel access token", Shape("vcp_{a:56}")),
    ("xAI API key", Shape("xai-{a:80}")),
    ("Zapier webhook URL", Shape("https://hooks.zapier.com/hooks/catch/{d:7}/{l:6}/")),
    ("HashiCorp Vault legacy service token (`s.`)", No("`s.` + 24 characters is too generic to recognise without a key name; found by the key-name heuristic under `VAULT_TOKEN`")),
    ("OpenRouter API key", Shape("sk-or-v1-{h:64}")),
    ("Azure shared access signature (SAS) in a URL", Shape("https://acme.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&sig={a:43}%3D")),
    ("Azure Service Bus / Event Hubs / IoT Hub shared access key", Shape("Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={b:43}=")),
    ("Connection string with a password (ADO.NET, ODBC)", Shape("Server=sql.acme-corp.io;Database=app;User Id=app;Password={a:20};")),
    ("Cloudflare API token, Datadog, Twilio auth token, Okta …", Key("CLOUDFLARE_API_TOKEN", "{w:40}")),
];

/// Fill a template's `{c:n}` slots with `n` pseudo-random characters of class `c` (`a`
/// alphanumeric, `w` URL-safe base64, `b` base64, `h` lower hex, `U` upper + digits, `l`
/// lower + digits, `L` letters, `d` digits, `B` bech32 upper), `{g}` with a UUID, and
/// `@b64:…@` with the base64 of its (filled) contents. `filler` replaces random characters
/// with `x`; `keep` limits each slot to that many characters.
fn fill(template: &str, seed: u64, filler: bool, keep: Option<usize>) -> String {
    let mut x = seed | 1;
    let mut rnd = |alphabet: &[u8]| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        char::from(alphabet[usize::try_from(x % alphabet.len() as u64).unwrap_or(0)])
    };
    let class = |c: char| -> &'static [u8] {
        match c {
            'a' => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            'w' => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            'b' => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            'h' => b"0123456789abcdef",
            'U' => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
            'l' => b"abcdefghijklmnopqrstuvwxyz0123456789",
            'L' => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            'd' => b"0123456789",
            _ => b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
        }
    };
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '@']) {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        if let Some(inner) = tail.strip_prefix("@b64:") {
            let close = inner.find('@').expect("closing @");
            let plain = fill(&inner[..close], seed ^ 0x5555, filler, keep);
            out.push_str(&b64(plain.as_bytes()));
            rest = &inner[close + 1..];
            continue;
        }
        let Some(close) =
            tail.find('}').filter(|_| tail.starts_with('{') && tail.len() > 2 && !tail.starts_with("{\""))
        else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
            continue;
        };
        let slot = &tail[1..close];
        let chars: String = if slot == "g" {
            [8, 4, 4, 4, 12]
                .iter()
                .map(|&n| (0..n).map(|_| rnd(b"0123456789abcdef")).collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        } else {
            let (c, n) = slot.split_once(':').expect("slot c:n");
            let n: usize = n.parse().expect("slot length");
            let c = c.chars().next().unwrap_or('a');
            (0..n).map(|_| rnd(class(c))).collect()
        };
        let chars = if filler {
            chars.chars().map(|c| if c.is_ascii_alphanumeric() { 'x' } else { c }).collect()
        } else {
            chars
        };
        let chars: String = match keep {
            Some(k) => chars.chars().take(k).collect(),
            None => chars,
        };
        out.push_str(&chars);
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
    out
}

fn b64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A template in words for the docs: `ghp_{a:36}` → `ghp_` + 36 alphanumerics.
fn describe(template: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut lit = String::new();
    let mut rest = template;
    let flush = |lit: &mut String, parts: &mut Vec<String>| {
        if !lit.is_empty() {
            parts.push(format!("`{}`", lit.replace('\n', "\\n").replace('|', "\\|")));
            lit.clear();
        }
    };
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix("@b64:") {
            let close = inner.find('@').unwrap_or(inner.len());
            flush(&mut lit, &mut parts);
            parts.push(format!("base64({})", describe(&inner[..close])));
            rest = inner.get(close + 1..).unwrap_or("");
            continue;
        }
        if rest.starts_with('{') && !rest.starts_with("{\"") {
            if let Some(close) = rest.find('}') {
                let slot = &rest[1..close];
                let words = if slot == "g" {
                    "a UUID".to_string()
                } else {
                    let (c, n) = slot.split_once(':').unwrap_or(("a", "0"));
                    let what = match c {
                        "a" => "alphanumerics",
                        "w" => "URL-safe base64 characters",
                        "b" => "base64 characters",
                        "h" => "hex digits",
                        "U" => "upper-case letters and digits",
                        "l" => "lower-case letters and digits",
                        "L" => "letters",
                        "d" => "digits",
                        _ => "bech32 characters",
                    };
                    format!("{n} {what}")
                };
                flush(&mut lit, &mut parts);
                parts.push(words);
                rest = &rest[close + 1..];
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        lit.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut lit, &mut parts);
    parts.join(" + ")
}

/// The gitleaks-style key for a vendor keyword rule: `adafruit-api-key` → `ADAFRUIT_API_KEY`.
fn vendor_key(id: &str) -> String {
    id.to_ascii_uppercase().replace('-', "_")
}

/// Where a template's fixed prefix ends (its first slot).
fn prefix_end(template: &str) -> usize {
    let mut i = 0;
    while let Some(p) = template[i..].find('{') {
        if template[i + p..].starts_with("{\"") {
            i += p + 1;
            continue;
        }
        return i + p;
    }
    template.len()
}

/// Measure one entry: the table row's outcome column, or an error when the detector does not
/// do what the entry says.
fn measure(name: &str, how: &How, seed: u64) -> Result<(String, String), String> {
    let base_kind = |k: &str| k.trim_end_matches(" (checksum verified)").to_string();
    match how {
        Shape(t) | ShapeUnder(_, t) => {
            let key = if let ShapeUnder(k, _) = how { *k } else { "" };
            let sample = fill(t, seed, false, None);
            let m = classify(key, &sample).ok_or_else(|| format!("{name}: sample `{t}` not reported"))?;
            if !m.known_shape {
                return Err(format!("{name}: sample reported, but not as a known shape ({})", m.kind));
            }
            let kind = base_kind(&m.kind);
            // Negatives: filler in the random parts, and the token cut after its prefix.
            let filler = fill(t, seed, true, None);
            if classify(key, &filler).is_some_and(|f| base_kind(&f.kind) == kind) {
                return Err(format!("{name}: filler `{filler}` reported as {kind}"));
            }
            let cut: String = sample.chars().take(prefix_end(t) + 3).collect();
            if classify(key, &cut).is_some_and(|f| base_kind(&f.kind) == kind) {
                return Err(format!("{name}: truncated `{cut}` reported as {kind}"));
            }
            // The engine masks `token_ranges` in every code frame: a sample planted in a line of
            // a file must not survive that masking (its random tail is gone).
            if key.is_empty() {
                let line = format!("      VALUE: {sample} # planted\n");
                let mut masked = line.clone();
                for r in token_ranges(&line).into_iter().rev() {
                    masked.replace_range(r.clone(), &"*".repeat(r.len()));
                }
                let tail: String = sample.chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
                if masked.contains(&tail) {
                    return Err(format!("{name}: the planted sample is not masked in code frames: {masked}"));
                }
            }
            let under = if key.is_empty() { String::new() } else { format!(" under `{key}`") };
            Ok(("yes".to_string(), format!("{kind}{under}; format {}", describe(t))))
        }
        Key(k, t) => {
            let key = if k.is_empty() { vendor_key(name) } else { (*k).to_string() };
            let sample = fill(t, seed, false, None);
            match classify(&key, &sample) {
                Some(m) if !m.known_shape => {
                    Ok(("by key".to_string(), format!("no fixed format: found under `{key}` as {}", m.kind)))
                }
                Some(m) => Ok(("yes".to_string(), format!("{}; format {}", base_kind(&m.kind), describe(t)))),
                None => Err(format!("{name}: `{key}` = sample of `{t}` not reported")),
            }
        }
        Elsewhere(why) => Ok(("yes (elsewhere)".to_string(), (*why).to_string())),
        No(why) => Ok(("no".to_string(), (*why).to_string())),
    }
}

fn table(title: &str, head: &str, entries: &[(&str, How)], errors: &mut Vec<String>) -> (String, Vec<String>) {
    let mut out = format!("| {head} | infra-lint | measured |\n|---|---|---|\n");
    let mut kinds = Vec::new();
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (i, (name, how)) in entries.iter().enumerate() {
        let seed = 0x9E37_79B9_7F4A_7C15_u64 ^ (i as u64 + 1).wrapping_mul(0x1000_0000_01B3) ^ title.len() as u64;
        match measure(name, how, seed) {
            Ok((verdict, detail)) => {
                if matches!(how, Shape(_) | ShapeUnder(..)) {
                    kinds
                        .push(detail.split(';').next().unwrap_or("").split(" under ").next().unwrap_or("").to_string());
                }
                *counts.entry(verdict.clone()).or_default() += 1;
                let shown = if name.contains(' ') { (*name).to_string() } else { format!("`{name}`") };
                out.push_str(&format!("| {shown} | {verdict} | {detail} |\n"));
            }
            Err(e) => errors.push(e),
        }
    }
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    (format!("{} entries: {}.\n\n{out}", entries.len(), summary.join(", ")), kinds)
}

#[test]
fn coverage_table_is_measured_and_current() {
    let mut errors = Vec::new();
    let (gitleaks, mut kinds) = table("gitleaks", "gitleaks rule", GITLEAKS, &mut errors);
    let (more, more_kinds) = table("more", "token type", MORE, &mut errors);
    kinds.extend(more_kinds);
    // Every shape of the detector has a measured sample (its positive and negative tests).
    for kind in shape_kinds() {
        if !kinds.iter().any(|k| k == kind) {
            errors.push(format!("shape `{kind}` has no sample in the catalogue"));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    let generated = format!(
        "<!-- BEGIN GENERATED by crates/rules/tests/secret_catalogue.rs: do not edit -->\n\
         ### gitleaks' default rules\n\n{gitleaks}\n### Beyond gitleaks: trufflehog's formatted token types and others\n\n{more}\
         <!-- END GENERATED -->"
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/secrets.md");
    let doc = std::fs::read_to_string(&path).expect("docs/secrets.md");
    let begin = doc.find("<!-- BEGIN GENERATED").expect("generated section start in docs/secrets.md");
    let end = doc.find("<!-- END GENERATED -->").expect("generated section end") + "<!-- END GENERATED -->".len();
    let current = &doc[begin..end];
    if current != generated {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = format!("{}{generated}{}", &doc[..begin], &doc[end..]);
            std::fs::write(&path, updated).expect("write docs/secrets.md");
        } else {
            panic!("docs/secrets.md's coverage table is stale: run UPDATE_DOCS=1 cargo test -p infra-lint-rules --test secret_catalogue");
        }
    }
}

#[test]
fn templates_fill_as_described() {
    assert_eq!(fill("ghp_{a:4}", 7, true, None), "ghp_xxxx");
    assert_eq!(fill("x{h:5}y", 7, false, None).len(), 7);
    assert_eq!(fill("{g}", 3, false, None).len(), 36);
    assert_eq!(fill("@b64:ab@", 1, false, None), "YWI=");
    assert_eq!(prefix_end("ghp_{a:36}"), 4);
    assert_eq!(describe("ghp_{a:36}"), "`ghp_` + 36 alphanumerics");
    assert_eq!(vendor_key("adafruit-api-key"), "ADAFRUIT_API_KEY");
}
