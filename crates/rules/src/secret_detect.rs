//! Secret detection: known token shapes, secret-named keys with high-entropy values, and
//! placeholder awareness. Also masking, used by every output.
//!
//! The entry point is [`classify`]: given a key (variable / attribute name, may be empty) and its
//! literal value, it says whether the value is a real-looking secret and why. It works in three
//! steps:
//!
//! 1. **Look-alikes are dropped first**: empty values, placeholders ([`is_placeholder`]:
//!    `change-me`, `your-…`, `xxx…`, `<…>`, `${…}`, `{{ … }}`, `…example…` …), well-known local
//!    defaults ([`is_local_default`]: `postgres`, `minioadmin`, `root` …) and public keys
//!    ([`is_public_key`]: `ssh-ed25519 …`, `-----BEGIN PUBLIC KEY-----`, certificates).
//! 2. **Known token shapes** (a `regex::RegexSet` prefilter over a small table, then the matching
//!    pattern's token is checked for placeholder-like filler): AWS access key ids, GitHub, Slack,
//!    Stripe live keys, Resend, npm, SendGrid, Twilio, Google API keys, OpenAI, Anthropic,
//!    webhook signing secrets, private-key blocks, JWTs, URLs with an embedded password …
//! 3. **Secret-named keys** ([`is_secret_key_name`]: `password`, `secret`, `token`, `api_key` …,
//!    but not `*_FILE`, `*_PATH`, `*_ID`, `PUBLIC_*`, `token_endpoint` …) whose value looks random
//!    ([`looks_random`]: length, character classes and Shannon entropy).
//!
//! Decisions worth knowing:
//! - Stripe **test-mode** keys (`sk_test_…`, `rk_test_…`) and publishable keys (`pk_…`) are not
//!   reported: test keys cannot move money and publishable keys are public by design.
//!   [`is_placeholder`] treats `sk_test_…` as a placeholder so example files may hold them.
//! - JWTs whose payload says `"role":"anon"` (Supabase anon keys, public by design) or whose issuer
//!   is `supabase-demo` (the published local-development keys) are not secrets.
//! - URLs with a password are secrets unless the password is a placeholder, a reference or a local
//!   default, or the host is local (`localhost`, `127.0.0.1`, a single-label compose service name)
//!   and the password is not long and random.

use std::sync::LazyLock;

use regex::Regex;

/// Why a value was judged a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    /// Human name of what was found, e.g. "AWS access key id" or "high-entropy value for a secret-named key".
    pub kind: String,
    /// Confidence: a known token shape is `true`, a heuristic is `false`.
    pub known_shape: bool,
}

/// One known token shape.
struct Shape {
    /// Human name (`"GitHub personal access token"`).
    kind: &'static str,
    /// Pattern matched anywhere in the value.
    pattern: &'static str,
    /// Length of the fixed prefix; the rest of the token must not be filler.
    prefix_len: usize,
}

/// The table of known token shapes. Order matters: the first matching shape names the finding
/// (Anthropic's admin keys before its API keys, both before OpenAI, whose `sk-` prefix they share).
const SHAPES: &[Shape] = &[
    Shape { kind: "private key", pattern: r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", prefix_len: 0 },
    Shape { kind: "AWS access key id", pattern: r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b", prefix_len: 4 },
    Shape { kind: "GitHub fine-grained token", pattern: r"\bgithub_pat_[A-Za-z0-9_]{40,}\b", prefix_len: 11 },
    Shape {
        kind: "GitLab token",
        pattern: r"\bglpat-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?\b",
        prefix_len: 6,
    },
    Shape { kind: "Slack token", pattern: r"\bxox[abprs]-[A-Za-z0-9-]{10,}\b", prefix_len: 5 },
    Shape {
        kind: "Slack webhook URL",
        pattern: r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9_/]{20,}",
        prefix_len: 32,
    },
    Shape { kind: "Stripe live secret key", pattern: r"\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b", prefix_len: 8 },
    Shape { kind: "webhook signing secret", pattern: r"\bwhsec_[A-Za-z0-9+/=]{20,}", prefix_len: 6 },
    Shape { kind: "Resend API key", pattern: r"\bre_[A-Za-z0-9]{6,12}_[A-Za-z0-9]{16,}\b", prefix_len: 3 },
    Shape { kind: "npm token", pattern: r"\bnpm_[A-Za-z0-9]{36}\b", prefix_len: 4 },
    Shape { kind: "SendGrid API key", pattern: r"\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}\b", prefix_len: 3 },
    Shape { kind: "Twilio API key", pattern: r"\bSK[0-9a-f]{32}\b", prefix_len: 2 },
    Shape { kind: "Google API key", pattern: r"\bAIza[0-9A-Za-z_-]{35}\b", prefix_len: 4 },
    Shape { kind: "Anthropic admin key", pattern: r"\bsk-ant-admin01-[A-Za-z0-9_-]{80,}", prefix_len: 15 },
    Shape { kind: "Anthropic API key", pattern: r"\bsk-ant-[A-Za-z0-9_-]{20,}", prefix_len: 7 },
    Shape { kind: "OpenRouter API key", pattern: r"\bsk-or-v1-[a-f0-9]{64}\b", prefix_len: 9 },
    Shape { kind: "OpenAI API key", pattern: r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}", prefix_len: 3 },
    Shape { kind: "Hugging Face token", pattern: r"\bhf_[A-Za-z]{34}\b", prefix_len: 3 },
    Shape { kind: "DigitalOcean token", pattern: r"\bdo[por]_v1_[a-f0-9]{64}\b", prefix_len: 7 },
    Shape { kind: "Shopify access token", pattern: r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b", prefix_len: 6 },
    Shape { kind: "PyPI token", pattern: r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", prefix_len: 20 },
    Shape { kind: "age secret key", pattern: r"\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b", prefix_len: 15 },
    Shape { kind: "GitHub token", pattern: r"\bgh[pousr]_[A-Za-z0-9]{36,}\b", prefix_len: 4 },
    Shape { kind: "GitLab deploy token", pattern: r"\bgldt-[A-Za-z0-9_-]{20,}\b", prefix_len: 5 },
    Shape { kind: "GitLab runner registration token", pattern: r"\bGR1348941[A-Za-z0-9_-]{20,}\b", prefix_len: 9 },
    Shape {
        kind: "GitLab runner authentication token",
        pattern: r"\bglrt-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?\b",
        prefix_len: 5,
    },
    Shape { kind: "GitLab CI/CD job token", pattern: r"\bglcbt-[A-Za-z0-9_-]{20,}\b", prefix_len: 6 },
    Shape { kind: "GitLab pipeline trigger token", pattern: r"\bglptt-[A-Za-z0-9_-]{20,}\b", prefix_len: 6 },
    Shape {
        kind: "GitLab token",
        pattern: r"\bgl(?:ft|imt|agent|oas|soat|ffct|dt)-[A-Za-z0-9_-]{20,}\b",
        prefix_len: 5,
    },
    Shape { kind: "Slack app-level token", pattern: r"\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{20,}\b", prefix_len: 5 },
    Shape { kind: "Slack token", pattern: r"\bxox[eo](?:\.xox[bp])?-[A-Za-z0-9-]{10,}\b", prefix_len: 5 },
    Shape { kind: "Stripe live secret key", pattern: r"\b(?:sk|rk)_prod_[A-Za-z0-9]{16,}\b", prefix_len: 8 },
    Shape { kind: "Alibaba Cloud access key id", pattern: r"\bLTAI[A-Za-z0-9]{20}\b", prefix_len: 4 },
    Shape { kind: "Tencent Cloud secret id", pattern: r"\bAKID[A-Za-z0-9]{32}\b", prefix_len: 4 },
    Shape { kind: "AWS access key id", pattern: r"\b(?:ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b", prefix_len: 4 },
    Shape {
        kind: "Azure AD client secret",
        pattern: r"\b[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}\b",
        prefix_len: 6,
    },
    Shape { kind: "Azure shared access key", pattern: r"SharedAccessKey=[A-Za-z0-9+/]{42,43}=", prefix_len: 16 },
    Shape { kind: "Azure shared access signature (SAS)", pattern: r"\bsig=[A-Za-z0-9%+/]{40,}", prefix_len: 4 },
    Shape { kind: "Azure storage account key", pattern: r"AccountKey=[A-Za-z0-9+/]{86}==", prefix_len: 11 },
    Shape {
        kind: "Azure identifiable key",
        pattern: r"\b[A-Za-z0-9+/]{76}(?:\+ASt|\+ASb|\+AEh|AzFu|ACDb|APIM|\+ARm)[A-Za-z0-9+/]{5}==",
        prefix_len: 0,
    },
    Shape {
        kind: "Azure DevOps personal access token",
        pattern: r"\b[A-Za-z0-9]{52}AZDO[A-Za-z0-9]{4}\b",
        prefix_len: 0,
    },
    Shape { kind: "Google OAuth client secret", pattern: r"\bGOCSPX-[A-Za-z0-9_-]{28}\b", prefix_len: 7 },
    Shape { kind: "1Password service account token", pattern: r"\bops_eyJ[A-Za-z0-9+/]{250,}={0,3}", prefix_len: 7 },
    Shape { kind: "Adobe client secret", pattern: r"\bp8e-[A-Za-z0-9]{32}\b", prefix_len: 4 },
    Shape { kind: "Airtable personal access token", pattern: r"\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b", prefix_len: 3 },
    Shape { kind: "Artifactory API key", pattern: r"\bAKCp[A-Za-z0-9]{69}\b", prefix_len: 4 },
    Shape { kind: "Artifactory reference token", pattern: r"\bcmVmdGtu[A-Za-z0-9]{56}\b", prefix_len: 8 },
    Shape { kind: "Atlassian API token", pattern: r"\bATATT3[A-Za-z0-9_=-]{180,}", prefix_len: 6 },
    Shape { kind: "Bitbucket app password", pattern: r"\bATBB[A-Za-z0-9_=.-]{28,}\b", prefix_len: 4 },
    Shape { kind: "Buildkite API token", pattern: r"\bbkua_[a-f0-9]{40}\b", prefix_len: 5 },
    Shape { kind: "CircleCI personal token", pattern: r"\bCCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}\b", prefix_len: 7 },
    Shape { kind: "ClickHouse Cloud secret", pattern: r"\b4b1d[A-Za-z0-9]{38}\b", prefix_len: 4 },
    Shape { kind: "Clojars deploy token", pattern: r"\bCLOJARS_[a-z0-9]{60}\b", prefix_len: 8 },
    Shape { kind: "Cloudflare origin CA key", pattern: r"\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b", prefix_len: 5 },
    Shape { kind: "Contentful token", pattern: r"\bCFPAT-[A-Za-z0-9_-]{43}\b", prefix_len: 6 },
    Shape { kind: "Databricks token", pattern: r"\bdapi[a-f0-9]{32}(?:-\d)?\b", prefix_len: 4 },
    Shape { kind: "Defined Networking token", pattern: r"\bdnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52}\b", prefix_len: 6 },
    Shape {
        kind: "Discord webhook URL",
        pattern: r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{60,}",
        prefix_len: 34,
    },
    Shape { kind: "Docker Hub access token", pattern: r"\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}", prefix_len: 9 },
    Shape { kind: "Doppler token", pattern: r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b", prefix_len: 6 },
    Shape { kind: "Dropbox short-lived token", pattern: r"\bsl\.[A-Za-z0-9_=-]{130,}", prefix_len: 3 },
    Shape { kind: "Duffel token", pattern: r"\bduffel_(?:test|live)_[A-Za-z0-9_=-]{43}\b", prefix_len: 12 },
    Shape { kind: "Dynatrace token", pattern: r"\bdt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}\b", prefix_len: 7 },
    Shape { kind: "EasyPost API key", pattern: r"\bEZ[AT]K[A-Za-z0-9]{54}\b", prefix_len: 4 },
    Shape { kind: "Facebook access token", pattern: r"\bEAA[MC][A-Za-z0-9]{100,}\b", prefix_len: 4 },
    Shape { kind: "Figma token", pattern: r"\bfigd_[A-Za-z0-9_-]{40}\b", prefix_len: 5 },
    Shape { kind: "Flutterwave key", pattern: r"\bFLW(?:PUB|SEC)K(?:_TEST)?-[a-h0-9]{32}-X\b", prefix_len: 8 },
    Shape { kind: "Frame.io token", pattern: r"\bfio-u-[A-Za-z0-9_=-]{64}\b", prefix_len: 6 },
    Shape { kind: "Fly.io token", pattern: r"\bFlyV1 fm[12][ar]?_[A-Za-z0-9+/=_-]{40,}", prefix_len: 10 },
    Shape { kind: "Fly.io token", pattern: r"\bfo1_[A-Za-z0-9_-]{43}\b", prefix_len: 4 },
    Shape { kind: "Grafana API key", pattern: r"\beyJrIjoi[A-Za-z0-9]{70,400}={0,3}", prefix_len: 8 },
    Shape { kind: "Grafana Cloud token", pattern: r"\bglc_[A-Za-z0-9+/]{32,400}={0,3}", prefix_len: 4 },
    Shape { kind: "Grafana service account token", pattern: r"\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b", prefix_len: 5 },
    Shape { kind: "Groq API key", pattern: r"\bgsk_[A-Za-z0-9]{48}\b", prefix_len: 4 },
    Shape {
        kind: "Harness access token",
        pattern: r"\b(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}\b",
        prefix_len: 4,
    },
    Shape {
        kind: "HashiCorp Terraform Cloud token",
        pattern: r"\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}",
        prefix_len: 0,
    },
    Shape { kind: "HashiCorp Vault token", pattern: r"\bhv[sb]\.[A-Za-z0-9_-]{90,300}", prefix_len: 4 },
    Shape { kind: "Heroku API key", pattern: r"\bHRKU-AA[A-Za-z0-9_-]{58}\b", prefix_len: 7 },
    Shape { kind: "Hugging Face organization token", pattern: r"\bapi_org_[A-Za-z]{34}\b", prefix_len: 8 },
    Shape { kind: "Infracost API key", pattern: r"\bico-[A-Za-z0-9]{32}\b", prefix_len: 4 },
    Shape { kind: "LangSmith API key", pattern: r"\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b", prefix_len: 8 },
    Shape { kind: "Linear API key", pattern: r"\blin_api_[A-Za-z0-9]{40}\b", prefix_len: 8 },
    Shape { kind: "Mailchimp API key", pattern: r"\b[a-f0-9]{32}-us\d{1,2}\b", prefix_len: 0 },
    Shape { kind: "Mapbox secret token", pattern: r"\bsk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}", prefix_len: 6 },
    Shape {
        kind: "Microsoft Teams webhook URL",
        pattern: r"https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/[a-f0-9-]{36}@[a-f0-9-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9-]{36}",
        prefix_len: 0,
    },
    Shape { kind: "Neon API key", pattern: r"\bnapi_[a-z0-9]{64}\b", prefix_len: 5 },
    Shape { kind: "Netlify access token", pattern: r"\bnfp_[A-Za-z0-9]{36}\b", prefix_len: 4 },
    Shape { kind: "New Relic key", pattern: r"\bNR(?:AK|II)-[A-Za-z0-9-]{27,32}\b", prefix_len: 5 },
    Shape { kind: "Notion token", pattern: r"\bntn_[0-9]{11}[A-Za-z0-9]{35}\b", prefix_len: 4 },
    Shape { kind: "Octopus Deploy API key", pattern: r"\bAPI-[A-Z0-9]{26}\b", prefix_len: 4 },
    Shape { kind: "OpenShift user token", pattern: r"\bsha256~[A-Za-z0-9_-]{43}\b", prefix_len: 7 },
    Shape {
        kind: "PayPal Braintree access token",
        pattern: r"\baccess_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}\b",
        prefix_len: 24,
    },
    Shape { kind: "Perplexity API key", pattern: r"\bpplx-[A-Za-z0-9]{48}\b", prefix_len: 5 },
    Shape {
        kind: "Plaid access token",
        pattern: r"\baccess-production-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}\b",
        prefix_len: 18,
    },
    Shape { kind: "PlanetScale token", pattern: r"\bpscale_(?:pw|tkn|oauth)_[A-Za-z0-9_=.-]{32,64}", prefix_len: 10 },
    Shape { kind: "Postman API key", pattern: r"\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b", prefix_len: 5 },
    Shape { kind: "Prefect API key", pattern: r"\bpnu_[A-Za-z0-9]{36}\b", prefix_len: 4 },
    Shape { kind: "Pulumi access token", pattern: r"\bpul-[a-f0-9]{40}\b", prefix_len: 4 },
    Shape { kind: "ReadMe API key", pattern: r"\brdme_[a-z0-9]{70}\b", prefix_len: 5 },
    Shape { kind: "Render API key", pattern: r"\brnd_[A-Za-z0-9]{32}\b", prefix_len: 4 },
    Shape { kind: "Replicate API token", pattern: r"\br8_[A-Za-z0-9_-]{37}\b", prefix_len: 3 },
    Shape { kind: "RubyGems API key", pattern: r"\brubygems_[a-f0-9]{48}\b", prefix_len: 9 },
    Shape { kind: "Scalingo API token", pattern: r"\btk-us-[A-Za-z0-9_-]{48}\b", prefix_len: 6 },
    Shape { kind: "Sendinblue (Brevo) API key", pattern: r"\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}\b", prefix_len: 8 },
    Shape { kind: "Sentry token", pattern: r"\bsntry[su]_[A-Za-z0-9+/=_]{64,}", prefix_len: 7 },
    Shape { kind: "SettleMint token", pattern: r"\bsm_(?:pat|aat|sat)_[A-Za-z0-9]{16}\b", prefix_len: 7 },
    Shape { kind: "Shippo API token", pattern: r"\bshippo_(?:live|test)_[a-fA-F0-9]{40}\b", prefix_len: 12 },
    Shape { kind: "SonarQube token", pattern: r"\bsq[pau]_[a-f0-9]{40}\b", prefix_len: 4 },
    Shape {
        kind: "Sourcegraph access token",
        pattern: r"\bsgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}\b",
        prefix_len: 4,
    },
    Shape { kind: "Square access token", pattern: r"\b(?:EAAA|sq0atp-)[A-Za-z0-9_-]{22,60}\b", prefix_len: 4 },
    Shape { kind: "Square OAuth secret", pattern: r"\bsq0csp-[A-Za-z0-9_-]{43}\b", prefix_len: 7 },
    Shape { kind: "Supabase access token", pattern: r"\bsbp_[a-f0-9]{40}\b", prefix_len: 4 },
    Shape { kind: "Supabase secret key", pattern: r"\bsb_secret_[A-Za-z0-9_-]{30,}", prefix_len: 10 },
    Shape {
        kind: "Tailscale key",
        pattern: r"\btskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]+-[A-Za-z0-9]{20,}\b",
        prefix_len: 10,
    },
    Shape { kind: "Telegram bot token", pattern: r"\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b", prefix_len: 0 },
    Shape { kind: "Typeform token", pattern: r"\btfp_[A-Za-z0-9_.=-]{59}\b", prefix_len: 4 },
    Shape { kind: "Vercel token", pattern: r"\bvc[pikra]_[A-Za-z0-9]{56,}\b", prefix_len: 4 },
    Shape { kind: "xAI API key", pattern: r"\bxai-[A-Za-z0-9_]{80}\b", prefix_len: 4 },
    Shape {
        kind: "Zapier webhook URL",
        pattern: r"https://hooks\.zapier\.com/hooks/catch/\d+/[a-z0-9]+/?",
        prefix_len: 34,
    },
    Shape {
        kind: "1Password secret key",
        pattern: r"\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b",
        prefix_len: 3,
    },
    Shape { kind: "MaxMind license key", pattern: r"\b[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk\b", prefix_len: 0 },
    Shape { kind: "Intra42 client secret", pattern: r"\bs-s4t2(?:ud|af)-[a-f0-9]{64}\b", prefix_len: 9 },
    Shape { kind: "GitLab session cookie", pattern: r"_gitlab_session=[0-9a-z]{32}", prefix_len: 16 },
    Shape {
        kind: "JSON web token",
        pattern: r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,}",
        prefix_len: 0,
    },
];

/// The names of every known token shape, in table order (a name may repeat: several patterns
/// can describe one provider's token). For the coverage table in `docs/secrets.md`.
#[must_use]
pub fn shape_kinds() -> Vec<&'static str> {
    SHAPES.iter().map(|s| s.kind).collect()
}

/// The prefilter: every literal that a shape's match must contain (its literal prefix, or a
/// signature inside it), in one Aho-Corasick automaton, so one pass over a text tells which few
/// shapes can match there; only those shapes' regexes run.
struct Prefilter {
    automaton: aho_corasick::AhoCorasick,
    /// For each needle, the shapes it stands for.
    shapes_of: Vec<Vec<usize>>,
}

static PREFILTER: LazyLock<Option<Prefilter>> = LazyLock::new(|| {
    let mut needles: Vec<String> = Vec::new();
    let mut shapes_of: Vec<Vec<usize>> = Vec::new();
    for (i, shape) in SHAPES.iter().enumerate() {
        for n in needles_of(shape) {
            match needles.iter().position(|x| *x == n) {
                Some(j) => shapes_of.get_mut(j)?.push(i),
                None => {
                    needles.push(n);
                    shapes_of.push(vec![i]);
                }
            }
        }
    }
    let automaton = aho_corasick::AhoCorasick::new(&needles).ok()?;
    Some(Prefilter { automaton, shapes_of })
});

/// Shapes without a literal prefix: the signature every match contains.
const SIGNATURES: &[(&str, &[&str])] = &[
    ("Azure AD client secret", &["Q~"]),
    ("Azure identifiable key", &["+ASt", "+ASb", "+AEh", "AzFu", "ACDb", "APIM", "+ARm"]),
    ("Azure DevOps personal access token", &["AZDO"]),
    ("HashiCorp Terraform Cloud token", &[".atlasv1."]),
    ("Mailchimp API key", &["-us"]),
    ("Telegram bot token", &[":AA"]),
    ("MaxMind license key", &["_mmk"]),
];

/// The literals a shape's matches start with (or, for [`SIGNATURES`], contain): the literal run
/// at the start of its pattern, one per alternative of a leading `(?:a|b)` group (each followed
/// by the literal run after the group).
fn needles_of(shape: &Shape) -> Vec<String> {
    if let Some((_, sigs)) = SIGNATURES.iter().find(|(k, _)| *k == shape.kind) {
        return sigs.iter().map(|s| (*s).to_owned()).collect();
    }
    let p = shape.pattern.strip_prefix(r"\b").unwrap_or(shape.pattern);
    if let Some(rest) = p.strip_prefix("(?:") {
        let Some(close) = rest.find(')') else { return Vec::new() };
        let (alts, after) = rest.split_at(close);
        let after = after.get(1..).unwrap_or("");
        let tail = if after.starts_with('?') { String::new() } else { literal_run(after) };
        let heads: Vec<String> = alts.split('|').map(literal_run).collect();
        if heads.iter().any(String::is_empty) {
            return Vec::new();
        }
        let pure = alts.split('|').all(|a| literal_run(a).len() == a.len());
        return heads.into_iter().map(|h| if pure { format!("{h}{tail}") } else { h }).collect();
    }
    let lit = literal_run(p);
    if lit.is_empty() {
        Vec::new()
    } else {
        vec![lit]
    }
}

/// The literal text at the start of a pattern (escapes of punctuation resolved), stopping at the
/// first metacharacter; a character followed by a `?`/`*`/`{` quantifier is left out.
fn literal_run(p: &str) -> String {
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        let lit = match c {
            '\\' => match chars.peek() {
                Some(&n) if n.is_ascii_punctuation() => {
                    chars.next();
                    n
                }
                _ => break,
            },
            '[' | '(' | ')' | '{' | '}' | '?' | '*' | '+' | '|' | '.' | '^' | '$' => break,
            c => c,
        };
        if matches!(chars.peek(), Some('?' | '*' | '{')) {
            break;
        }
        out.push(lit);
    }
    out
}

/// The shapes whose needles occur in `text`, in table order.
fn candidate_shapes(text: &str) -> Vec<usize> {
    let Some(pf) = PREFILTER.as_ref() else {
        // Without the prefilter every shape is tried.
        return (0..SHAPES.len()).collect();
    };
    let mut hit = vec![false; SHAPES.len()];
    for m in pf.automaton.find_overlapping_iter(text) {
        for &i in pf.shapes_of.get(m.pattern().as_usize()).map_or(&[][..], Vec::as_slice) {
            if let Some(h) = hit.get_mut(i) {
                *h = true;
            }
        }
    }
    hit.iter().enumerate().filter(|(_, h)| **h).map(|(i, _)| i).collect()
}
static SHAPE_RES: LazyLock<Vec<Option<Regex>>> =
    LazyLock::new(|| SHAPES.iter().map(|s| Regex::new(s.pattern).ok()).collect());
static URL_CREDS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b([a-z][a-z0-9+.-]*)://([^:/@\s]*):([^@\s/]+)@([^\s/:?#@]+)").ok());
static JWT_FULL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,}$").ok());
static AWS_SECRET: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[A-Za-z0-9/+]{40}$").ok());
static PRIVATE_KEY_HEADER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----").ok());

/// The `auth` field of a Docker `config.json` / `DOCKER_AUTH_CONFIG` (`"auths": {"<registry>":
/// {"auth": "<base64 of user:password>"}}`), also with the quotes escaped inside a string.
static DOCKER_AUTH: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"\\?["']auth\\?["'][ \t]*:[ \t]*\\?["']([A-Za-z0-9+/]{8,}={0,2})\\?["']"#).ok());

/// What a Docker `auth` value is called in findings.
const DOCKER_AUTH_KIND: &str = "Docker registry credentials (base64 user:password in an `auth` field)";

/// Whether `b64` (a Docker `auth` value) decodes to `user:password` with a real password: not
/// empty, not a placeholder, a reference or a well-known local default.
#[must_use]
pub fn docker_auth_has_password(b64: &str) -> bool {
    let Some(decoded) = decode_base64_text(b64) else { return false };
    let Some((user, pass)) = decoded.split_once(':') else { return false };
    !user.trim().is_empty()
        && !user.contains(char::is_whitespace)
        && pass.chars().count() >= 4
        && !pass.contains('\n')
        && !is_reference(pass)
        && !is_placeholder(pass)
        && !is_local_default(pass)
}

/// Docker `auth` fields in `text` whose value decodes to `user:password` with a real password:
/// the ranges of the base64 values.
fn docker_auths(text: &str) -> Vec<std::ops::Range<usize>> {
    if !text.contains("auth") {
        return Vec::new();
    }
    let Some(re) = DOCKER_AUTH.as_ref() else { return Vec::new() };
    re.captures_iter(text)
        .filter_map(|c| c.get(1))
        .filter(|m| docker_auth_has_password(m.as_str()))
        .map(|m| m.range())
        .collect()
}

/// Judge whether `value` (for `key`) is a real-looking secret.
///
/// `key` may be empty when there is no name (e.g. a value inside a script). Returns `None` for
/// placeholders, references, local defaults and public keys.
#[must_use]
pub fn classify(key: &str, value: &str) -> Option<SecretMatch> {
    let v = value.trim();
    if v.is_empty() || is_public_key(v) || is_reference(v) {
        return None;
    }
    // Published demo values are stand-ins: callers report them in production files.
    if PUBLISHED_DEMO_SECRETS.iter().any(|(k, _)| *k == v) || DEMO_PREFIXES.iter().any(|(p, _)| v.starts_with(p)) {
        return None;
    }
    if let Some(kind) = known_shape(key, v) {
        return Some(SecretMatch { kind: kind.to_string(), known_shape: true });
    }
    // A Docker `auths` document (`DOCKER_AUTH_CONFIG`), or an `auth` key holding the base64 itself.
    let leaf = key.rsplit('.').next().unwrap_or(key);
    if !docker_auths(v).is_empty() || leaf.eq_ignore_ascii_case("auth") && docker_auth_has_password(v) {
        return Some(SecretMatch { kind: DOCKER_AUTH_KIND.to_string(), known_shape: true });
    }
    if v.contains(';') && connection_string_password(v).is_some() {
        return Some(SecretMatch {
            kind: "connection string with an embedded password".to_string(),
            known_shape: true,
        });
    }
    // Past the token shapes, only a URL's password or a secret-named key's value can be a secret:
    // everything else is decided here, before the (costlier) placeholder checks.
    if !v.contains("://") && !is_secret_key_name(key) {
        return None;
    }
    if is_placeholder(v) || is_local_default(v) {
        return None;
    }
    if let Some(kind) = url_password(v) {
        return Some(SecretMatch { kind: kind.to_string(), known_shape: true });
    }
    if v.contains("://") {
        // A URL without a (real) password: not a secret by itself.
        return None;
    }
    if JWT_FULL.as_ref().is_some_and(|re| re.is_match(v)) {
        // A whole-value JWT that the shape check judged public (anon / local-demo key).
        return None;
    }
    if is_secret_key_name(key) && looks_random(v) {
        return Some(SecretMatch { kind: "high-entropy value for a secret-named key".to_string(), known_shape: false });
    }
    None
}

/// The first known token shape found in `value`, if its variable part is not filler.
fn known_shape(key: &str, v: &str) -> Option<&'static str> {
    if AWS_SECRET.as_ref().is_some_and(|re| re.is_match(v))
        && is_aws_secret_key_name(key)
        && looks_random(v)
        && !is_filler(v)
    {
        return Some("AWS secret access key");
    }
    for idx in candidate_shapes(v) {
        let (Some(shape), Some(Some(re))) = (SHAPES.get(idx), SHAPE_RES.get(idx)) else { continue };
        for m in re.find_iter(v) {
            let token = m.as_str();
            if inside_base64(shape.kind, v, m.start(), m.end()) {
                continue;
            }
            let ok = match shape.kind {
                "private key" => private_key_has_body(v),
                "JSON web token" => jwt_is_secret(token),
                "OpenAI API key" => !token.starts_with("sk-ant-") && has_letters_and_digits(token),
                // A SAS signature travels with its signed version (`sv=2022-11-02`).
                "Azure shared access signature (SAS)" => v.contains("sv=20"),
                _ => true,
            };
            let rest = token.get(shape.prefix_len..).unwrap_or(token);
            if ok && !is_filler(rest) {
                return Some(refine_kind(shape.kind, token));
            }
        }
    }
    None
}

/// GitHub (`ghp_` …) and npm (`npm_`) tokens end with a checksum: the last 6 characters are the
/// CRC-32 of the 30 random characters before them, in base62. A token whose checksum holds was
/// generated by the service (not typed as an example), which the finding says.
fn refine_kind(kind: &'static str, token: &str) -> &'static str {
    let body = match kind {
        "GitHub token" => token.get(4..),
        "npm token" => token.get(4..),
        _ => None,
    };
    match body {
        Some(b) if b.len() == 36 && checksum_holds(b) => match kind {
            "GitHub token" => "GitHub token (checksum verified)",
            _ => "npm token (checksum verified)",
        },
        _ => kind,
    }
}

/// The CRC-32 (IEEE) of `data`.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Whether the last 6 characters of a 36-character token body are the base62 CRC-32 of the
/// first 30.
fn checksum_holds(body: &str) -> bool {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let (Some(random), Some(check)) = (body.get(..30), body.get(30..)) else { return false };
    let mut n = crc32(random.as_bytes());
    let mut enc = [b'0'; 6];
    for slot in enc.iter_mut().rev() {
        *slot = DIGITS.get((n % 62) as usize).copied().unwrap_or(b'0');
        n /= 62;
    }
    enc == check.as_bytes()
}

/// A token shape matched inside a longer run of base64 (a certificate, an encoded blob): the
/// characters around it are `+` or `/`, so it is a slice of something else. URLs, private keys,
/// JWTs and the Azure key shapes (which contain those characters) are not judged this way.
fn inside_base64(kind: &str, text: &str, start: usize, end: usize) -> bool {
    if kind.contains("URL") || kind.starts_with("Azure") || matches!(kind, "private key" | "JSON web token") {
        return false;
    }
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let after = text.get(end..).and_then(|t| t.chars().next());
    matches!(before, Some('+' | '/')) || matches!(after, Some('+' | '/'))
}

/// A secret found in free text (a script, a heredoc, an embedded JSON document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSecret {
    /// Byte offset of the secret's first byte in the scanned text.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
    /// What was found.
    pub found: SecretMatch,
    /// The key it is assigned to (`DB_PASSWORD` in `export DB_PASSWORD=…`), when there is one.
    pub key: Option<String>,
}

static ASSIGNMENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r#"(?m)(?:^|[^A-Za-z0-9_.\-])["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?[ \t]*(?:=|:[ \t])[ \t]*\\?["']?([^\s"'\\,;)}\]]{8,})"#,
    )
    .ok()
});

/// `{"name": "DB_PASSWORD", "value": "…"}` (ECS container definitions, Kubernetes env lists) and
/// the HCL spelling `{ name = "…", value = "…" }`: the value belongs to the name.
static NAME_VALUE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r#"["']?\bname["']?[ \t]*[:=][ \t]*"([A-Za-z_][A-Za-z0-9_.\-]*)"[ \t]*,[ \t\r\n]*["']?value["']?[ \t]*[:=][ \t]*"([^"\\\n]{1,512})""#,
    )
    .ok()
});

/// Find secrets in free text: known token shapes and URLs with a password anywhere, and
/// `KEY=value` / `KEY: value` / `"KEY": "value"` assignments (and `{"name": "KEY", "value":
/// "…"}` pairs) whose key names a secret and whose value [`classify`] judges real. Hits do not
/// overlap; known shapes win.
#[must_use]
pub fn scan_text(text: &str) -> Vec<TextSecret> {
    scan_text_with(text, true)
}

/// Like [`scan_text`] but only known token shapes and URLs with a password (no `KEY=value`
/// assignments): for code rather than scripts, e.g. HCL expressions.
#[must_use]
pub fn scan_text_shapes(text: &str) -> Vec<TextSecret> {
    scan_text_with(text, false)
}

fn scan_text_with(text: &str, assignments: bool) -> Vec<TextSecret> {
    let mut out: Vec<TextSecret> = Vec::new();
    let overlaps = |out: &[TextSecret], a: usize, b: usize| out.iter().any(|h| a < h.end && h.start < b);
    if text.len() <= 1_000_000 {
        for idx in candidate_shapes(text) {
            let (Some(shape), Some(Some(re))) = (SHAPES.get(idx), SHAPE_RES.get(idx)) else { continue };
            for m in re.find_iter(text) {
                let token = m.as_str();
                if inside_base64(shape.kind, text, m.start(), m.end()) {
                    continue;
                }
                let ok = match shape.kind {
                    "private key" => private_key_has_body(text.get(m.start()..).unwrap_or("")),
                    "JSON web token" => jwt_is_secret(token),
                    "OpenAI API key" => !token.starts_with("sk-ant-") && has_letters_and_digits(token),
                    "Azure shared access signature (SAS)" => text.contains("sv=20"),
                    _ => true,
                };
                let rest = token.get(shape.prefix_len..).unwrap_or(token);
                // A private key spans its whole block, so the body is masked and not searched again.
                let end = if shape.kind == "private key" { private_key_end(text, m.end()) } else { m.end() };
                if ok && !is_filler(rest) && !overlaps(&out, m.start(), end) {
                    out.push(TextSecret {
                        start: m.start(),
                        end,
                        found: SecretMatch { kind: refine_kind(shape.kind, token).to_string(), known_shape: true },
                        key: None,
                    });
                }
            }
        }
    }
    for r in docker_auths(text) {
        if !overlaps(&out, r.start, r.end) {
            out.push(TextSecret {
                start: r.start,
                end: r.end,
                found: SecretMatch { kind: DOCKER_AUTH_KIND.to_string(), known_shape: true },
                key: None,
            });
        }
    }
    for r in connection_string_passwords(text) {
        if !overlaps(&out, r.start, r.end) {
            out.push(TextSecret {
                start: r.start,
                end: r.end,
                found: SecretMatch {
                    kind: "connection string with an embedded password".to_string(),
                    known_shape: true,
                },
                key: None,
            });
        }
    }
    if let Some(re) = URL_CREDS.as_ref() {
        for m in re.find_iter(text) {
            if url_password(m.as_str()).is_some() && !overlaps(&out, m.start(), m.end()) {
                out.push(TextSecret {
                    start: m.start(),
                    end: m.end(),
                    found: SecretMatch { kind: "URL with an embedded password".to_string(), known_shape: true },
                    key: None,
                });
            }
        }
    }
    if let Some(re) = NAME_VALUE.as_ref().filter(|_| assignments) {
        for c in re.captures_iter(text) {
            let (Some(k), Some(v)) = (c.get(1), c.get(2)) else { continue };
            if !is_secret_key_name(k.as_str()) || overlaps(&out, v.start(), v.end()) {
                continue;
            }
            if let Some(found) = classify(k.as_str(), v.as_str()) {
                out.push(TextSecret { start: v.start(), end: v.end(), found, key: Some(k.as_str().to_string()) });
            }
        }
    }
    if let Some(re) = ASSIGNMENT.as_ref().filter(|_| assignments) {
        for c in re.captures_iter(text) {
            let (Some(k), Some(v)) = (c.get(1), c.get(2)) else { continue };
            if !is_secret_key_name(k.as_str()) || v.as_str().contains('(') || overlaps(&out, v.start(), v.end()) {
                continue;
            }
            if let Some(found) = classify(k.as_str(), v.as_str()) {
                out.push(TextSecret { start: v.start(), end: v.end(), found, key: Some(k.as_str().to_string()) });
            }
        }
    }
    out.sort_by_key(|h| h.start);
    out
}

/// Words that mark a phrase as a placeholder or a local value (`dev_password`, `test-secret`).
const PHRASE_MARKERS: &[&str] = &[
    "dev",
    "development",
    "local",
    "localhost",
    "test",
    "testing",
    "tests",
    "insecure",
    "dummy",
    "demo",
    "change",
    "replace",
    "default",
    "sample",
    "example",
    "fake",
    "placeholder",
    "ci",
    "jwt",
    "token",
    "key",
];

/// A human-chosen password: a value under a key that names a password or secret (`DB_PASSWORD`,
/// `admin_secret`) that [`is_placeholder`] dismisses only because it reads as a phrase
/// (`SomeSortOfPassword`, `CompanyPassw0rd2024`), with no word marking it as a placeholder or a
/// local value (`dev`, `test`, `local`, `demo`, `change`, `example` …). [`classify`] never reports
/// these; callers use this where a phrase is most likely real (scripts that deploy machines).
#[must_use]
pub fn human_chosen_password(key: &str, value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    let leaf = key.rsplit('.').next().unwrap_or(key);
    let key_words_ = key_words(leaf);
    let strong_key = is_secret_key_name(leaf)
        && key_words_.iter().any(|w| {
            matches!(w.as_str(), "password" | "passwd" | "pwd" | "passphrase" | "secret") || w.ends_with("password")
        });
    let len = v.chars().count();
    if !strong_key
        || !(10..=64).contains(&len)
        || v.chars().any(char::is_whitespace)
        || v.contains("://")
        || is_reference(v)
        || is_local_default(v)
        || marked_placeholder(v)
        || !is_placeholder_phrase(v, &v.to_ascii_lowercase())
    {
        return false;
    }
    let has_lower = v.chars().any(|c| c.is_ascii_lowercase());
    let has_upper_or_digit = v.chars().any(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let mut words: Vec<String> = key_words(v);
    words.extend(v.to_ascii_lowercase().split(|c: char| !c.is_ascii_alphabetic()).map(str::to_string));
    has_lower && has_upper_or_digit && !words.iter().any(|w| PHRASE_MARKERS.contains(&w.as_str()))
}

/// `KEY=value` assignments and `{"name": …, "value": …}` pairs in free text whose value is a
/// [`human_chosen_password`] for its key. `found.known_shape` is `false`.
#[must_use]
pub fn scan_text_human_passwords(text: &str) -> Vec<TextSecret> {
    let mut out: Vec<TextSecret> = Vec::new();
    for re in [NAME_VALUE.as_ref(), ASSIGNMENT.as_ref()].into_iter().flatten() {
        for c in re.captures_iter(text) {
            let (Some(k), Some(v)) = (c.get(1), c.get(2)) else { continue };
            if out.iter().any(|h| v.start() < h.end && h.start < v.end()) {
                continue;
            }
            if human_chosen_password(k.as_str(), v.as_str()) {
                out.push(TextSecret {
                    start: v.start(),
                    end: v.end(),
                    found: SecretMatch { kind: "human-chosen password".to_string(), known_shape: false },
                    key: Some(k.as_str().to_string()),
                });
            }
        }
    }
    out.sort_by_key(|h| h.start);
    out
}

/// `{"name": "KEY", "value": "…"}` pairs (container definitions) whose key names a password or
/// secret and whose value is any literal (even a phrase with spaces) that is not an explicit
/// placeholder, a reference or a local default. For documents where an environment variable's
/// value is deployed as written (ECS container definitions). `found.known_shape` is `false`.
#[must_use]
pub fn scan_name_value_literals(text: &str) -> Vec<TextSecret> {
    let mut out = Vec::new();
    let Some(re) = NAME_VALUE.as_ref() else { return out };
    for c in re.captures_iter(text) {
        let (Some(k), Some(v)) = (c.get(1), c.get(2)) else { continue };
        let words = key_words(k.as_str());
        let strong = is_secret_key_name(k.as_str())
            && words.iter().any(|w| {
                matches!(w.as_str(), "password" | "passwd" | "pwd" | "passphrase" | "secret") || w.ends_with("password")
            });
        let value = v.as_str().trim();
        if !strong
            || value.chars().count() < 4
            || marked_placeholder(value)
            || is_local_default(value)
            || is_public_key(value)
            || documented_example(value).is_some()
        {
            continue;
        }
        out.push(TextSecret {
            start: v.start(),
            end: v.end(),
            found: SecretMatch { kind: "literal password".to_string(), known_shape: false },
            key: Some(k.as_str().to_string()),
        });
    }
    out
}

/// Credentials published in vendor documentation as examples (AWS's `AKIAIOSFODNN7EXAMPLE` pair
/// and its second pair). They cannot authenticate, so [`classify`] and [`scan_text`] treat them
/// as placeholders; `hardcoded-secret` still reports them in real (non-example) configuration,
/// as `low`, because they mark a place where credentials are written into a file.
/// (Each contains `EXAMPLE`; [`find_documented_examples`] relies on it, a test checks it.)
const DOCUMENTED_EXAMPLES: &[(&str, &str)] = &[
    ("AKIAIOSFODNN7EXAMPLE", "AWS's documented example access key id"),
    ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS's documented example secret access key"),
    ("AKIAI44QH8DHBEXAMPLE", "AWS's documented example access key id"),
    ("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "AWS's documented example secret access key"),
];

/// Whether `value` (trimmed, quotes removed) is a credential published as an example in vendor
/// documentation (AWS's `AKIAIOSFODNN7EXAMPLE` …); returns what it is.
#[must_use]
pub fn documented_example(value: &str) -> Option<&'static str> {
    let v = value.trim().trim_matches(['"', '\'']);
    DOCUMENTED_EXAMPLES.iter().find(|(k, _)| *k == v).map(|(_, what)| *what)
}

/// Every documented example credential (see [`documented_example`]) in free text, as whole
/// tokens (not inside a longer run of key characters). `found.known_shape` is `true`.
#[must_use]
pub fn find_documented_examples(text: &str) -> Vec<TextSecret> {
    let mut out = Vec::new();
    // Every documented example contains `EXAMPLE`: one search rules out almost all text.
    if !text.contains("EXAMPLE") {
        return out;
    }
    let is_key_char = |c: char| c.is_ascii_alphanumeric() || c == '/' || c == '+';
    for (token, what) in DOCUMENTED_EXAMPLES {
        let mut from = 0;
        while let Some(pos) = text.get(from..).and_then(|t| t.find(token)).map(|p| from + p) {
            let end = pos + token.len();
            let before = text.get(..pos).and_then(|t| t.chars().next_back());
            let after = text.get(end..).and_then(|t| t.chars().next());
            if !before.is_some_and(is_key_char) && !after.is_some_and(is_key_char) {
                out.push(TextSecret {
                    start: pos,
                    end,
                    found: SecretMatch { kind: (*what).to_string(), known_shape: true },
                    key: None,
                });
            }
            from = end;
        }
    }
    out.sort_by_key(|h| h.start);
    out
}

/// Decode standard base64 text (as in `user_data_base64` or `base64decode("…")`): padding
/// optional, ASCII whitespace ignored. `None` when the text is not base64 (other characters, a
/// length no encoder produces) or decodes to something that is not UTF-8 text.
#[must_use]
pub fn decode_base64_text(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let body = compact.trim_end_matches('=');
    if body.is_empty()
        || compact.len() - body.len() > 2
        || body.len() % 4 == 1
        || !body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    {
        return None;
    }
    String::from_utf8(base64url_decode(body)?).ok()
}

/// The end of a private-key block whose header ends at `header_end`: one past the `-----END …
/// PRIVATE KEY-----` footer when it follows within 16 KiB, else `header_end`.
fn private_key_end(text: &str, header_end: usize) -> usize {
    let Some(rest) = text.get(header_end..) else { return header_end };
    let window = rest.get(..rest.len().min(16 * 1024)).unwrap_or(rest);
    let Some(footer) = window.find("-----END ") else { return header_end };
    let after = footer + "-----END ".len();
    match window.get(after..).and_then(|t| t.find("-----")) {
        Some(close)
            if window.get(after..after + close).is_some_and(|l| l.contains("PRIVATE KEY") && !l.contains('\n')) =>
        {
            header_end + after + close + "-----".len()
        }
        _ => header_end,
    }
}

/// A private-key header followed by a real body (not `...` or a placeholder).
fn private_key_has_body(v: &str) -> bool {
    let Some(re) = PRIVATE_KEY_HEADER.as_ref() else { return false };
    let Some(m) = re.find(v) else { return false };
    let body = v.get(m.end()..).unwrap_or("");
    let body = body.split("-----END").next().unwrap_or("");
    // Literal `\n` escapes are common in env files.
    let body = body.replace("\\n", "\n");
    let b64: String = body
        .lines()
        .filter(|l| !l.contains(':')) // PEM headers such as `Proc-Type: …`
        .flat_map(|l| l.chars())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/' || *c == '=')
        .collect();
    b64.len() >= 32 && !is_filler(&b64)
}

/// Whether a token looks like filler: repeated characters, `xxxx`, `example`, `your…`, `dummy` …
fn is_filler(rest: &str) -> bool {
    let lower = rest.to_ascii_lowercase();
    if ["example", "xxxx", "your", "placeholder", "dummy", "fake", "redacted", "changeme", "0000000", "1234567"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return true;
    }
    distinct_chars(rest) < 6
}

fn distinct_chars(s: &str) -> usize {
    let mut seen: Vec<char> = Vec::new();
    for c in s.chars() {
        if !seen.contains(&c) {
            seen.push(c);
            if seen.len() > 16 {
                break;
            }
        }
    }
    seen.len()
}

fn has_letters_and_digits(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphabetic()) && s.chars().any(|c| c.is_ascii_digit())
}

/// A JWT is a secret unless it is a public anon key or a published local-development key.
fn jwt_is_secret(token: &str) -> bool {
    let Some(payload) = token.split('.').nth(1) else { return false };
    let Some(bytes) = base64url_decode(payload) else { return true };
    let text = String::from_utf8_lossy(&bytes).replace([' ', '\n', '\t'], "");
    let public_role = text.contains("\"role\":\"anon\"");
    let demo = text.contains("\"iss\":\"supabase-demo\"");
    !(public_role || demo)
}

/// Secrets published in vendors' self-hosting guides and quick-starts, which many deployments keep
/// unchanged: the Supabase self-hosting JWT secret and the demo `anon`/`service_role` keys signed
/// with it (JWTs whose issuer is `supabase-demo`). Anyone can forge tokens for a deployment that
/// uses them. [`classify`] treats them as placeholders (they are meant to be replaced); callers
/// report them where the file is production configuration.
const PUBLISHED_DEMO_SECRETS: &[(&str, &str)] = &[
    (
        "your-super-secret-jwt-token-with-at-least-32-characters-long",
        "Supabase self-hosting demo JWT secret (published in Supabase's docker setup)",
    ),
    (
        "super-secret-jwt-token-with-at-least-32-characters-long",
        "Supabase CLI local JWT secret (published, the same for every local project)",
    ),
    (
        "your-super-secret-and-long-postgres-password",
        "Supabase self-hosting demo Postgres password (published in Supabase's docker setup)",
    ),
    (
        "this_password_is_insecure_and_should_be_updated",
        "Supabase self-hosting demo dashboard password (published in Supabase's docker setup)",
    ),
    (
        "your-super-secret-and-long-logflare-key",
        "Supabase self-hosting demo Logflare key (published in Supabase's docker setup)",
    ),
    (
        "your-super-secret-and-long-logflare-key-public",
        "Supabase self-hosting demo Logflare key (published in Supabase's docker setup)",
    ),
    (
        "your-super-secret-and-long-logflare-key-private",
        "Supabase self-hosting demo Logflare key (published in Supabase's docker setup)",
    ),
    (
        "your-encryption-key-32-chars-min",
        "Supabase self-hosting demo encryption key (published in Supabase's docker setup)",
    ),
];

/// Prefixes that mark a generated development value (`django-insecure-…`, written by Django's
/// `startproject` into settings): fine on a laptop, a known-insecure key in production.
const DEMO_PREFIXES: &[(&str, &str)] =
    &[("django-insecure-", "Django development secret key (`django-insecure-…`, marked insecure by Django)")];

/// Whether `value` is a published demo secret (a short table of keys vendors publish in their docs); returns what it is.
#[must_use]
pub fn published_demo_secret(value: &str) -> Option<&'static str> {
    let v = value.trim().trim_matches(['"', '\'']);
    if let Some((_, what)) = PUBLISHED_DEMO_SECRETS.iter().find(|(k, _)| *k == v) {
        return Some(what);
    }
    if let Some((_, what)) = DEMO_PREFIXES.iter().find(|(p, _)| v.starts_with(p) && v.len() >= p.len() + 16) {
        return Some(what);
    }
    if JWT_FULL.as_ref().is_some_and(|re| re.is_match(v)) {
        let payload = v.split('.').nth(1).and_then(base64url_decode)?;
        let text = String::from_utf8_lossy(&payload).replace([' ', '\n', '\t'], "");
        if text.contains("\"iss\":\"supabase-demo\"") {
            return Some(if text.contains("\"role\":\"service_role\"") {
                "Supabase demo service_role key (published, signed with the demo JWT secret)"
            } else {
                "Supabase demo anon key (published, signed with the demo JWT secret)"
            });
        }
    }
    None
}

/// Minimal base64url (and standard base64) decoder, padding optional. `None` on invalid input.
fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap_or(0));
        }
    }
    Some(out)
}

static CONN_PASSWORD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?i)(?:^|;)[ \t]*(?:password|pwd)[ \t]*=[ \t]*("[^"]*"|'[^']*'|[^;"'\s]*)"#).ok());
static CONN_HOST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|;)[ \t]*(?:server|data source|host|hostname|address|addr|network address|endpoint)[ \t]*=[ \t]*([^;]*)").ok()
});
/// A connection string inside free text: from a host key to the end of the line or quote.
static CONN_BODY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:server|data source|host|hostname|address|addr|network address|endpoint)[ \t]*=[^\n\x22'`]*;[^\n\x22'`]*").ok()
});

/// A `key=value;` connection string (ADO.NET, ODBC, JDBC-style: `Server=db.acme.io;User
/// Id=app;Password=…;`) with a real-looking password: not empty, a reference, a placeholder or a
/// local default, and on a local host (`localhost`, `(localdb)`, a compose service) only when it
/// is long and random — the rule URLs with a password follow. Returns the password's range.
fn connection_string_password(v: &str) -> Option<std::ops::Range<usize>> {
    let (Some(pw_re), Some(host_re)) = (CONN_PASSWORD.as_ref(), CONN_HOST.as_ref()) else { return None };
    let host = host_re.captures(v).and_then(|c| c.get(1))?;
    let host = host.as_str().trim().trim_start_matches("tcp:").to_ascii_lowercase();
    let host = host.split([',', ':', '\\']).next().unwrap_or("").trim();
    let local = is_local_host(host) || host == "." || host.starts_with("(local");
    pw_re.captures_iter(v).filter_map(|c| c.get(1)).find_map(|m| {
        let pass = m.as_str().trim_matches(['"', '\'']);
        let weak = pass.chars().count() < 4
            || pass.contains('$')
            || pass.contains('{')
            || is_reference(pass)
            || is_placeholder(pass)
            || is_local_default(pass);
        let real = !weak && (!local || pass.chars().count() >= 16 && shannon_entropy(pass) >= 3.5);
        real.then(|| m.range())
    })
}

/// Connection strings with a real password in free text (see [`connection_string_password`]):
/// the passwords' ranges.
fn connection_string_passwords(text: &str) -> Vec<std::ops::Range<usize>> {
    if !text.contains(';') {
        return Vec::new();
    }
    let Some(re) = CONN_BODY.as_ref() else { return Vec::new() };
    re.find_iter(text)
        .filter_map(|m| connection_string_password(m.as_str()).map(|r| m.start() + r.start..m.start() + r.end))
        .collect()
}

/// A `scheme://user:password@host` URL whose password is real-looking.
fn url_password(v: &str) -> Option<&'static str> {
    let re = URL_CREDS.as_ref()?;
    for caps in re.captures_iter(v) {
        let pass = caps.get(3).map_or("", |m| m.as_str());
        let host = caps.get(4).map_or("", |m| m.as_str()).to_ascii_lowercase();
        if pass.is_empty() || is_reference(pass) || is_placeholder(pass) || is_local_default(pass) {
            continue;
        }
        if pass.contains('$') || pass.contains('{') || pass.contains('%') && pass.contains('(') {
            continue;
        }
        if is_local_host(&host) && !(pass.chars().count() >= 16 && shannon_entropy(pass) >= 3.5) {
            continue;
        }
        return Some("URL with an embedded password");
    }
    None
}

/// Hosts that only exist on a developer machine or inside a compose network.
fn is_local_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0" | "::1" | "host.docker.internal")
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || !host.contains('.')
}

/// Whether `value` is a reference to something else rather than a literal: `${VAR}`, `$VAR`,
/// `${{ secrets.X }}`, `{{ … }}`, `var.x`, `#{…}`.
#[must_use]
pub fn is_reference(value: &str) -> bool {
    let v = value.trim();
    if v.starts_with("${") || v.starts_with("#{") || v.starts_with("{{") || v.starts_with("%{") {
        return true;
    }
    if let Some(rest) = v.strip_prefix('$') {
        return rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    }
    if let Some(rest) = v.strip_prefix("var.").or_else(|| v.strip_prefix("local.")) {
        return !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    }
    false
}

/// Whether `value` is a placeholder (`change-me`, `your-…`, `xxx`, `<…>`, `${…}`, empty …).
#[must_use]
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    marked_placeholder(v) || is_placeholder_phrase(v, &v.to_ascii_lowercase())
}

/// [`is_placeholder`] without the human-phrase test.
fn marked_placeholder(value: &str) -> bool {
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    if v.is_empty() || is_reference(v) {
        return true;
    }
    if v.starts_with('<') && v.ends_with('>') || v.starts_with('[') && v.ends_with(']') && !v.contains(',') {
        return true;
    }
    if v.contains("{{") || v.contains("${") {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    const EXACT: &[&str] = &[
        "secret",
        "password",
        "passwd",
        "pass",
        "test",
        "testing",
        "token",
        "key",
        "none",
        "null",
        "nil",
        "undefined",
        "true",
        "false",
        "tbd",
        "n/a",
        "na",
        "-",
        "changeit",
        "value",
        "foo",
        "bar",
        "foobar",
        "baz",
        "todo",
        "fixme",
        "sample",
        "example",
        "dummy",
        "placeholder",
        "redacted",
        "hidden",
        "unset",
        "empty",
        "default",
        "required",
        "optional",
        "secret_key",
        "api_key",
        "apikey",
        "my-secret",
        "mysecret",
        "mypassword",
        "abc123",
        "123456",
        "12345678",
        "qwerty",
        "letmein",
    ];
    if EXACT.contains(&lower.as_str()) {
        return true;
    }
    const CONTAINS: &[&str] = &[
        "change-me",
        "changeme",
        "change_me",
        "change-this",
        "change_this",
        "changethis",
        "replace-me",
        "replace_me",
        "replaceme",
        "replace-with",
        "replace_with",
        "your-",
        "your_",
        "yourkey",
        "yoursecret",
        "yourpassword",
        "xxx",
        "***",
        "...",
        "…",
        "example",
        "dummy",
        "placeholder",
        "redacted",
        "fixme",
        "todo",
        "insert-",
        "insert_",
        "fill-in",
        "fill_in",
        "fillme",
        "notreal",
        "not-a-real",
        "not_a_real",
        "notasecret",
        "not-a-secret",
        "fake",
        "sample",
        "<",
        "sk_test_",
        "rk_test_",
        "pk_test_",
        "pk_live_",
    ];
    if CONTAINS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    if lower.starts_with("your") || lower.starts_with("my-") && lower.len() < 24 {
        return true;
    }
    // Repeated characters / two-character patterns (`aaaaaaaa`, `0000`, `abab`).
    if distinct_chars(v) <= 2 {
        return true;
    }
    false
}

/// Whether `value` is a placeholder by an explicit marker (`change-me`, `your-…`, `xxx`, `<…>`,
/// `${…}`, `example`, empty …), not counting human phrases such as `super-secret-password`, which
/// [`is_placeholder`] also treats as placeholders. For values that are secrets by definition (a
/// `plaintext_value` of a GitHub Actions secret, a database password): there, a phrase is the
/// real, weak, secret.
#[must_use]
pub fn is_marked_placeholder(value: &str) -> bool {
    marked_placeholder(value.trim().trim_matches(|c| c == '"' || c == '\''))
}

/// Human phrases made of placeholder words (see [`is_placeholder`]).
fn is_placeholder_phrase(v: &str, lower: &str) -> bool {
    // Human phrases made of placeholder words: `super-secret-jwt-token`, `dev_password`,
    // `SuperSecretPassw0rd` (camel case, a few words of two or more letters).
    let mut words: Vec<String> =
        lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
    let camel = key_words(v);
    if words.len() < 2 && (2..=5).contains(&camel.len()) && camel.iter().all(|w| w.len() >= 2) {
        words = camel;
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if words.len() >= 2 && words.iter().all(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c.is_ascii_digit())) {
        const WORDS: &[&str] = &[
            "secret",
            "password",
            "passw0rd",
            "passwd",
            "test",
            "testing",
            "dev",
            "development",
            "local",
            "insecure",
            "dummy",
            "demo",
            "change",
            "replace",
            "default",
            "sample",
            "token",
            "key",
        ];
        let placeholder_words = words.iter().filter(|w| WORDS.contains(w)).count();
        let no_digits_heavy = words.iter().all(|w| w.chars().filter(char::is_ascii_digit).count() <= 4);
        if placeholder_words >= 1 && no_digits_heavy && words.iter().all(|w| w.len() <= 12) {
            return true;
        }
    }
    false
}

/// Well-known local-development defaults: `postgres`, `minioadmin`, `root`, `admin`, `password`,
/// `guest` … and URLs on a local host whose password is one of them.
#[must_use]
pub fn is_local_default(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    const DEFAULTS: &[&str] = &[
        "postgres",
        "postgrespassword",
        "postgres_password",
        "minioadmin",
        "minio123",
        "root",
        "admin",
        "admin123",
        "administrator",
        "password",
        "password1",
        "password123",
        "pass",
        "guest",
        "mysql",
        "redis",
        "mongo",
        "mongodb",
        "sa",
        "docker",
        "user",
        "prisma",
        "supabase",
        "rabbitmq",
        "elastic",
        "changeit",
        "local",
        "localdev",
        "dev",
        "development",
        "secret",
        "test",
        "keycloak",
        "grafana",
        "airflow",
        "superset",
    ];
    if DEFAULTS.contains(&lower.as_str()) {
        return true;
    }
    // The Supabase CLI's published local JWT secret.
    if lower == "super-secret-jwt-token-with-at-least-32-characters-long" {
        return true;
    }
    if let Some(caps) = URL_CREDS.as_ref().and_then(|re| re.captures(v)) {
        let pass = caps.get(3).map_or("", |m| m.as_str()).to_ascii_lowercase();
        let host = caps.get(4).map_or("", |m| m.as_str()).to_ascii_lowercase();
        return is_local_host(&host) && DEFAULTS.contains(&pass.as_str());
    }
    false
}

/// Public keys and certificates are not secrets: `ssh-ed25519 …`, `ssh-rsa …`,
/// `ecdsa-sha2-…`, `-----BEGIN PUBLIC KEY-----`, `-----BEGIN CERTIFICATE-----`, PGP public blocks.
#[must_use]
pub fn is_public_key(value: &str) -> bool {
    let v = value.trim_start();
    const PREFIXES: &[&str] = &[
        "ssh-ed25519 ",
        "ssh-rsa ",
        "ssh-dss ",
        "ecdsa-sha2-",
        "sk-ssh-ed25519@openssh.com ",
        "sk-ecdsa-sha2-",
        "age1",
    ];
    if PREFIXES.iter().any(|p| v.starts_with(p)) {
        return true;
    }
    let is_public_block = v.contains("-----BEGIN PUBLIC KEY-----")
        || v.contains("-----BEGIN RSA PUBLIC KEY-----")
        || v.contains("-----BEGIN CERTIFICATE-----")
        || v.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")
        || v.contains("-----BEGIN SSH2 PUBLIC KEY-----");
    is_public_block && !v.contains("PRIVATE KEY")
}

/// Split a key into lower-case words: `apiKey` → `api key`, `DB_PASSWORD` → `db password`.
fn key_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn is_aws_secret_key_name(key: &str) -> bool {
    let joined = key_words(key).join("_");
    joined.contains("secret_access_key") || joined.contains("aws") && joined.contains("secret")
}

/// Whether `key` names something secret: `password`, `passwd`, `secret`, `token`, `api_key`,
/// `access_key`, `private_key`, `client_secret`, `auth`, `credentials`, `dsn`, `webhook` …
///
/// Not: names that point at or describe a secret rather than hold it (`*_FILE`, `*_PATH`,
/// `*_URL`, `*_ID`, `*_NAME`, `token_endpoint`, `password_min_length`, …) and `PUBLIC_*` /
/// `*_PUBLISHABLE_*` names.
#[must_use]
pub fn is_secret_key_name(key: &str) -> bool {
    // A dotted path (`db.credentials.password`): the leaf names the value.
    let key = key.rsplit('.').next().unwrap_or(key);
    let words = key_words(key);
    let Some(last) = words.last() else { return false };
    if words.iter().any(|w| matches!(w.as_str(), "public" | "publishable" | "pub")) {
        return false;
    }
    const NOT_LAST: &[&str] = &[
        "file",
        "files",
        "path",
        "dir",
        "url",
        "uri",
        "id",
        "ids",
        "name",
        "names",
        "user",
        "username",
        "login",
        "length",
        "len",
        "min",
        "max",
        "size",
        "endpoint",
        "type",
        "enabled",
        "enable",
        "disabled",
        "required",
        "expiry",
        "expires",
        "expiration",
        "ttl",
        "timeout",
        "lifetime",
        "age",
        "header",
        "field",
        "env",
        "mode",
        "algorithm",
        "alg",
        "count",
        "version",
        "prefix",
        "region",
        "host",
        "hostname",
        "port",
        "email",
        "arn",
        "kind",
        "policy",
        "rotation",
        "location",
        "format",
        "method",
        "provider",
        "issuer",
        "audience",
        "scope",
        "scopes",
        "strategy",
        "store",
        "backend",
        "ref",
        "reference",
        "template",
        "hint",
        "hash",
        "fingerprint",
        "flag",
        "param",
        "parameter",
        "variable",
        "var",
        "label",
        "description",
        "help",
        "days",
        "interval",
        "level",
        "policies",
        "rules",
        "validation",
        "manager",
        "vault",
        "mount",
        "volume",
        "selector",
        "class",
        "cert",
        "certificate",
        "pub",
        "pubkey",
        "algo",
    ];
    if NOT_LAST.contains(&last.as_str()) {
        return false;
    }
    // Bundler's credentials for a gem server: `BUNDLE_GEMS__ACME__COM=user:password` (the host
    // with `.` written `__`).
    // Not `BUNDLE_BUILD__<gem>` (compiler flags), `BUNDLE_MIRROR__<url>`, `BUNDLE_LOCAL__<gem>` (a path).
    if words.first().is_some_and(|w| w == "bundle")
        && key.contains("__")
        && !words.get(1).is_some_and(|w| matches!(w.as_str(), "build" | "mirror" | "local" | "path" | "bin"))
    {
        return true;
    }
    let joined = words.join("_");
    const SECRET_WORDS: &[&str] = &[
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "secret",
        "secrets",
        "token",
        "tokens",
        "apikey",
        "credential",
        "credentials",
        "creds",
        "dsn",
        "webhook",
        "salt",
        "pepper",
        "privatekey",
        "auth",
        "authtoken",
        "bearer",
        "jwt",
        "otp",
        "totp",
        "sig",
        "signature",
    ];
    if last == "pass"
        || words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()) || w.ends_with("password") || w.ends_with("secret"))
    {
        return true;
    }
    // `key` only in combinations that name a credential.
    const KEY_PAIRS: &[&str] = &[
        "api_key",
        "access_key",
        "private_key",
        "secret_key",
        "signing_key",
        "encryption_key",
        "master_key",
        "session_key",
        "service_key",
        "license_key",
        "app_key",
        "account_key",
        "client_key",
        "auth_key",
        "admin_key",
        "service_role_key",
        "hmac_key",
        "crypt_key",
        "cipher_key",
        "storage_key",
        "shared_key",
        "write_key",
    ];
    // Every pair ends in the word `key`; `joined` is `_`-separated words, so a pair is either the
    // whole of it, its tail after a `_`, or a run followed by `_`.
    let has_pair = |p: &str| {
        joined == p
            || joined.strip_suffix(p).is_some_and(|head| head.ends_with('_'))
            || joined.match_indices(p).any(|(i, _)| joined.as_bytes().get(i + p.len()) == Some(&b'_'))
    };
    if words.iter().any(|w| w == "key") && KEY_PAIRS.iter().any(|p| has_pair(p)) {
        return true;
    }
    // `STRIPE_KEY`, `RESEND_KEY`: a vendor name followed by `key` (not `KMS_KEY`, `GPG_KEY`:
    // names of key resources, not key material).
    // Longer names (`custom_response_body_key`, `s3_object_lookup_key`) name a key of a data
    // structure, not key material.
    last == "key"
        && (2..=3).contains(&words.len())
        && !words.iter().any(|w| {
            matches!(
                w.as_str(),
                "kms"
                    | "cmk"
                    | "gpg"
                    | "pgp"
                    | "cache"
                    | "idempotency"
                    | "partition"
                    | "sort"
                    | "primary"
                    | "foreign"
                    | "routing"
                    | "body"
                    | "response"
                    | "request"
                    | "object"
                    | "lookup"
                    | "map"
                    | "bucket"
                    | "record"
                    | "item"
                    | "message"
                    | "column"
                    | "table"
                    | "index"
                    | "attribute"
                    | "group"
                    | "dedup"
                    | "deduplication"
                    | "label"
                    | "tag"
                    | "metric"
                    | "property"
                    | "entry"
                    | "json"
                    | "query"
                    | "cookie"
                    | "state"
                    | "translation"
                    | "i18n"
                    | "sse"
                    | "ssh"
                    | "host"
                    | "deploy"
            )
        })
}

/// Shannon entropy of `s` in bits per character.
#[must_use]
pub fn shannon_entropy(s: &str) -> f64 {
    let mut counts: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    let mut n = 0usize;
    for c in s.chars() {
        *counts.entry(c).or_insert(0) += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let total = n as f64;
    counts
        .values()
        .map(|&c| {
            #[allow(clippy::cast_precision_loss)]
            let p = c as f64 / total;
            -p * p.log2()
        })
        .sum()
}

/// Whether a value looks like a generated secret rather than a word, path, number or setting:
/// at least 8 characters, no spaces, at least two character classes and enough entropy (more
/// classes or more entropy for shorter values).
#[must_use]
pub fn looks_random(value: &str) -> bool {
    let v = value.trim();
    let len = v.chars().count();
    if !(8..=4096).contains(&len) || v.chars().any(char::is_whitespace) {
        return false;
    }
    // A JSON object is structured data (a `DOCKER_AUTH_CONFIG` document): its fields are judged, not the whole.
    if v.starts_with('{') && v.ends_with('}') && v.contains("\":") {
        return false;
    }
    // Paths, file names, numbers, ARNs, durations, hostnames.
    if v.starts_with('/') || v.starts_with("./") || v.starts_with("~/") || v.starts_with("arn:") || v.starts_with('$') {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if [".pem", ".key", ".json", ".txt", ".crt", ".p12", ".pfx", ".yaml", ".yml", ".env", ".com", ".io", ".net"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return false;
    }
    if v.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '_') {
        return false;
    }
    let classes = [
        v.chars().any(|c| c.is_ascii_lowercase()),
        v.chars().any(|c| c.is_ascii_uppercase()),
        v.chars().any(|c| c.is_ascii_digit()),
        v.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let entropy = shannon_entropy(v);
    if classes < 2 {
        // Single class: only long hex-free random-looking strings (e.g. 32+ lower-case letters) count.
        return len >= 32 && entropy >= 4.0;
    }
    if len < 16 {
        classes >= 3 && entropy >= 2.75
    } else {
        entropy >= 3.0
    }
}

pub use infra_lint_core::base::mask::mask;

/// The byte ranges of every token of a known shape in `text` (a
/// [`infra_lint_core::base::mask::TokenFinder`]): the engine masks them in diagnostics and in
/// the code frames around findings, so output never shows more of a token than the rules would.
#[must_use]
pub fn token_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    scan_text_shapes(text).into_iter().map(|t| t.start..t.end).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_compiles_and_the_set_is_built() {
        for sh in SHAPES {
            assert!(Regex::new(sh.pattern).is_ok(), "{}", sh.kind);
        }
        assert!(PREFILTER.is_some());
        for sh in SHAPES {
            let needles = needles_of(sh);
            assert!(!needles.is_empty(), "no prefilter literal for {}", sh.kind);
            assert!(needles.iter().all(|n| n.len() >= 2), "{}: {needles:?}", sh.kind);
        }
        assert_eq!(needles_of(&SHAPES[1]), vec!["AKIA".to_owned(), "ASIA".to_owned()]);
        assert_eq!(literal_run(r"https://hooks\.slack\.com/(?:a)"), "https://hooks.slack.com/");
    }

    #[test]
    fn published_demo_secrets() {
        let jwt = |payload: &str| {
            let b64 = |s: &str| {
                const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                let bytes = s.as_bytes();
                let mut out = String::new();
                for chunk in bytes.chunks(3) {
                    let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
                    for i in 0..=chunk.len() {
                        out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
                    }
                }
                out
            };
            format!("{}.{}.c2lnbmF0dXJlX2J5dGVzX2hlcmU", b64(r#"{"alg":"HS256","typ":"JWT"}"#), b64(payload))
        };
        assert!(published_demo_secret(&jwt(r#"{"iss":"supabase-demo","role":"service_role","exp":1983812996}"#))
            .is_some_and(|w| w.contains("service_role")));
        assert!(published_demo_secret("your-super-secret-jwt-token-with-at-least-32-characters-long").is_some());
        assert!(published_demo_secret(&jwt(r#"{"iss":"supabase","role":"service_role"}"#)).is_none());
        assert!(published_demo_secret("Xk9mP2qZ7vW4tRLc3N8dF5gJ1sA6eB0u").is_none());
    }

    #[test]
    fn demo_values_are_placeholders_until_production() {
        let django = format!("django-insecure-{}", fake(40, ALNUM));
        assert!(classify("SECRET_KEY", &django).is_none());
        assert!(published_demo_secret(&django).is_some_and(|w| w.contains("Django")));
        assert!(published_demo_secret("django-insecure-").is_none());
        assert!(classify("DASHBOARD_PASSWORD", "this_password_is_insecure_and_should_be_updated").is_none());
        assert!(published_demo_secret("this_password_is_insecure_and_should_be_updated").is_some());
    }

    #[test]
    fn docker_auth_fields() {
        let b64 = |s: &str| {
            const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut out = String::new();
            for chunk in s.as_bytes().chunks(3) {
                let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
                for i in 0..4 {
                    out.push(if i <= chunk.len() { char::from(T[((n >> (18 - 6 * i)) & 63) as usize]) } else { '=' });
                }
            }
            out
        };
        let real = b64(&format!("deploy:{}", fake(16, ALNUM)));
        assert!(docker_auth_has_password(&real));
        for weak in ["deploy:changeme", "deploy:${REGISTRY_PASSWORD}", "just-a-user-name", "deploy:", ":secret-value-1"]
        {
            assert!(!docker_auth_has_password(&b64(weak)), "{weak}");
        }
        let doc = format!(r#"{{"auths":{{"registry.acme-corp.io":{{"auth":"{real}"}}}}}}"#);
        let found = classify("DOCKER_AUTH_CONFIG", &doc).map(|m| m.kind);
        assert!(found.as_deref().is_some_and(|k| k.starts_with("Docker registry credentials")), "{found:?}");
        let escaped = format!(r#"echo "{{\"auths\":{{\"r.io\":{{\"auth\":\"{real}\"}}}}}}" > ~/.docker/config.json"#);
        let hits = scan_text(&escaped);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(escaped.get(hits[0].start..hits[0].end), Some(real.as_str()));
        assert!(classify("auth", &real).is_some());
        assert!(classify("DOCKER_AUTH_CONFIG", &doc.replace(&real, &b64("deploy:changeme"))).is_none());
    }

    #[test]
    fn connection_strings_in_free_text() {
        let pw = fake(20, ALNUM);
        let text =
            format!("ENV DB=\"Server=sql.acme-corp.io;Database=app;User Id=app;Password={pw};\"\nRUN echo done\n");
        let hits = scan_text_shapes(&text);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(text.get(hits[0].start..hits[0].end), Some(pw.as_str()));
        assert!(scan_text_shapes("Host=localhost;Password=postgres;\n").is_empty());
    }

    #[test]
    fn connection_strings() {
        let pw = fake(20, ALNUM);
        let conn = format!("Server=tcp:sql.acme-corp.io,1433;Database=app;User Id=app;Password={pw};Encrypt=True");
        assert_eq!(
            kind("ConnectionStrings__Default", &conn).as_deref(),
            Some("connection string with an embedded password")
        );
        for v in [
            "Server=localhost;Database=app;User Id=sa;Password=Passw0rd123;".to_string(),
            "Server=db;Database=app;User Id=sa;Password=${DB_PASSWORD};".to_string(),
            "Server=sql.acme-corp.io;Database=app;User Id=app;Password=<password>;".to_string(),
            "Server=sql.acme-corp.io;Database=app;Integrated Security=true;".to_string(),
            "Host=pg.acme-corp.io;Username=app;Password=;".to_string(),
            format!("Data Source=(localdb)\\MSSQLLocalDB;Password={}", "Sql2019Pass"),
        ] {
            assert_eq!(kind("ConnectionStrings__Default", &v), None, "{v}");
        }
    }

    #[test]
    fn key_name_semantics() {
        assert!(!is_secret_key_name("custom_response_body_key"));
        assert!(!is_secret_key_name("s3_object_lookup_key"));
        assert!(!is_secret_key_name("translation_key"));
        assert!(is_secret_key_name("STRIPE_KEY"));
        assert!(is_secret_key_name("resend_key"));
        assert!(is_secret_key_name("openai_api_key"));
        assert!(is_secret_key_name("SUPABASE_SERVICE_ROLE_KEY"));
        assert!(is_secret_key_name("BUNDLE_GEMS__CONTRIBSYS__COM"));
        assert!(!is_secret_key_name("BUNDLE_BUILD__NOKOGIRI"));
        assert!(!is_secret_key_name("BUNDLE_WITHOUT"));
    }

    #[test]
    fn github_checksum() {
        // CRC-32 check value of the standard test vector.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let random = "Zk8Qm2Lp9RvT4wYc7Nd3Hs6Jf1Ab5E";
        let mut n = crc32(random.as_bytes());
        let digits = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut enc = [b'0'; 6];
        for slot in enc.iter_mut().rev() {
            *slot = digits[(n % 62) as usize];
            n /= 62;
        }
        let token = format!("ghp_{random}{}", std::str::from_utf8(&enc).unwrap_or(""));
        assert_eq!(classify("GH_TOKEN", &token).map(|m| m.kind), Some("GitHub token (checksum verified)".to_string()));
        let wrong = format!("ghp_{random}AAAAAA");
        assert_eq!(classify("GH_TOKEN", &wrong).map(|m| m.kind), Some("GitHub token".to_string()));
    }

    #[test]
    fn new_token_shapes_are_recognised() {
        let cases = [
            ("GITLAB_RUNNER_TOKEN", "GR1348941xQ7vZk2Lp9RmT4wYc8Nd", "GitLab runner registration token"),
            ("TOKEN", "glrt-8Hk2mPq9ZxV4tR7wLc3N", "GitLab runner authentication token"),
            ("DOCKERHUB_TOKEN", "dckr_pat_4Kq9ZmW2xV7pR3tYc8NdL5bHs1A", "Docker Hub access token"),
            ("KEY", "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", "Perplexity API key"),
            ("VAULT_TOKEN", "hvs.CAESIJ8Hk2mPq9ZxV4tR7wLc3N8dF5gJ1sA6eB0uY2iO4pQ9rT3wZxGh4KHGh2cy5XZ3VqT2k4aU1xN0hrMm1QcTlaeFY0dFI3d0xjM044ZEY1Z0oxc0E2ZUIwdVky", "HashiCorp Vault token"),
            ("TF_TOKEN", "Xk9mP2qZ7vW4tR.atlasv1.Lc3N8dF5gJ1sA6eB0uY2iO4pQ9rT3wZxGh4KHGh2cy5XZ3VqT2k4aU1xN0hrMm1Q", "HashiCorp Terraform Cloud token"),
            ("SLACK", "xoxe.xoxp-1-Mi0yLTEyMzQ1Njc4OTAxMi0xMjM0NTY3ODkwMTIt", "Slack token"),
        ];
        for (k, v, kind) in cases {
            let m = classify(k, v).unwrap_or_else(|| panic!("{v}"));
            assert_eq!(m.kind, kind, "{v}");
            assert!(m.known_shape);
        }
        // A slice of a base64 blob is not a token.
        assert!(classify("", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzv/AKIAZQ7RM3XK2LP9VNTW/xyz").is_none());
    }

    #[test]
    fn every_documented_example_contains_the_prefilter_word() {
        for (token, _) in DOCUMENTED_EXAMPLES {
            assert!(token.contains("EXAMPLE"), "{token}");
            let found = find_documented_examples(&format!("key = \"{token}\""));
            assert_eq!(found.len(), 1, "{token}");
        }
    }

    /// Deterministic random-looking characters for fake tokens (built at run time so no literal
    /// secret-shaped string sits in the source).
    fn fake(n: usize, alphabet: &str) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D ^ n as u64;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                chars.get(usize::try_from(x % chars.len() as u64).unwrap_or(0)).copied().unwrap_or('a')
            })
            .collect()
    }
    const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const UPPER_NUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const HEX: &str = "0123456789abcdef";

    fn kind(key: &str, value: &str) -> Option<String> {
        classify(key, value).map(|m| m.kind)
    }

    #[test]
    fn known_shapes_positive() {
        let cases: Vec<(String, &str)> = vec![
            (format!("AKIA{}", fake(16, UPPER_NUM)), "AWS access key id"),
            (format!("ASIA{}", fake(16, UPPER_NUM)), "AWS access key id"),
            (format!("ghp_{}", fake(36, ALNUM)), "GitHub token"),
            (format!("gho_{}", fake(36, ALNUM)), "GitHub token"),
            (format!("ghs_{}", fake(36, ALNUM)), "GitHub token"),
            (format!("github_pat_{}_{}", fake(22, ALNUM), fake(59, ALNUM)), "GitHub fine-grained token"),
            (format!("xoxb-{}-{}-{}", fake(11, "0123456789"), fake(12, "0123456789"), fake(24, ALNUM)), "Slack token"),
            (format!("{}_live_{}", "sk", fake(24, ALNUM)), "Stripe live secret key"),
            (format!("{}_live_{}", "rk", fake(24, ALNUM)), "Stripe live secret key"),
            (format!("re_{}_{}", fake(8, ALNUM), fake(24, ALNUM)), "Resend API key"),
            (format!("npm_{}", fake(36, ALNUM)), "npm token"),
            (format!("SG.{}.{}", fake(22, ALNUM), fake(43, ALNUM)), "SendGrid API key"),
            (format!("SK{}", fake(32, HEX)), "Twilio API key"),
            (format!("AIza{}", fake(35, ALNUM)), "Google API key"),
            (format!("sk-proj-{}", fake(48, ALNUM)), "OpenAI API key"),
            (format!("sk-{}", fake(48, ALNUM)), "OpenAI API key"),
            (format!("sk-ant-api03-{}", fake(40, ALNUM)), "Anthropic API key"),
            (format!("whsec_{}", fake(32, ALNUM)), "webhook signing secret"),
            (format!("glpat-{}", fake(20, ALNUM)), "GitLab token"),
            (
                format!(
                    "https://hooks.slack.com/services/T{}/B{}/{}",
                    fake(8, UPPER_NUM),
                    fake(8, UPPER_NUM),
                    fake(24, ALNUM)
                ),
                "Slack webhook URL",
            ),
            (
                format!(
                    "-----BEGIN RSA PRIVATE KEY-----\n{}\n{}\n-----END RSA PRIVATE KEY-----",
                    fake(64, ALNUM),
                    fake(64, ALNUM)
                ),
                "private key",
            ),
            (
                format!(
                    "-----BEGIN OPENSSH PRIVATE KEY-----\\n{}\\n-----END OPENSSH PRIVATE KEY-----",
                    fake(70, ALNUM)
                ),
                "private key",
            ),
        ];
        for (value, expected) in &cases {
            assert_eq!(kind("", value).as_deref(), Some(*expected), "value {value}");
            // Embedded in a longer value too.
            let embedded = format!("Bearer {value}");
            assert!(classify("HEADER", &embedded).is_some(), "embedded {embedded}");
        }
    }

    #[test]
    fn aws_secret_needs_secret_named_key() {
        let secret = fake(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+");
        assert_eq!(kind("AWS_SECRET_ACCESS_KEY", &secret).as_deref(), Some("AWS secret access key"));
        assert_eq!(kind("aws_secret_key", &secret).as_deref(), Some("AWS secret access key"));
        // Without a telling key it is only a high-entropy string with no name: not reported.
        assert_eq!(kind("", &secret), None);
        assert_eq!(kind("COMMIT", &secret), None);
        // AWS's documented example secret key is a placeholder.
        assert_eq!(kind("AWS_SECRET_ACCESS_KEY", &format!("wJalrXUtnFEMI/K7MDENG/bPxRfiCY{}", "EXAMPLEKEY")), None);
    }

    fn jwt(payload: &str) -> String {
        fn enc(s: &str) -> String {
            const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            let b = s.as_bytes();
            let mut out = String::new();
            for chunk in b.chunks(3) {
                let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &x)| acc | u32::from(x) << (16 - 8 * i));
                let k = chunk.len() + 1;
                for i in 0..k {
                    let idx = ((n >> (18 - 6 * i)) & 63) as usize;
                    out.push(char::from(T.get(idx).copied().unwrap_or(b'A')));
                }
            }
            out
        }
        format!("{}.{}.{}", enc(r#"{"alg":"HS256","typ":"JWT"}"#), enc(payload), fake(43, ALNUM))
    }

    #[test]
    fn jwts() {
        let real = jwt(r#"{"sub":"1234","role":"service_role","iss":"acme"}"#);
        assert_eq!(kind("", &real).as_deref(), Some("JSON web token"));
        let anon = jwt(r#"{"role":"anon","iss":"supabase"}"#);
        assert_eq!(kind("SUPABASE_ANON_KEY", &anon), None);
        let demo = jwt(r#"{"iss":"supabase-demo","role":"service_role"}"#);
        assert_eq!(kind("SUPABASE_SERVICE_ROLE_KEY", &demo), None);
        assert_eq!(base64url_decode("eyJhIjoxfQ").as_deref(), Some(br#"{"a":1}"#.as_slice()));
    }

    #[test]
    fn known_shape_filler_is_not_a_secret() {
        for v in [
            "AKIAXXXXXXXXXXXXXXXX".to_string(),
            format!("AKIA{}", "IOSFODNN7EXAMPLE"),
            format!("ghp_{}", "x".repeat(36)),
            format!("ghp_{}", "your_token_here_your_token_here_1234"),
            format!("{}_live_{}", "sk", "0".repeat(24)),
            format!("{}_test_{}", "sk", fake(24, ALNUM)),
            format!("{}_live_{}", "pk", fake(24, ALNUM)),
            "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----".to_string(),
            "-----BEGIN RSA PRIVATE KEY-----".to_string(),
            "sk-ant-xxxxxxxxxxxxxxxxxxxxxxxxxxxxx".to_string(),
        ] {
            assert_eq!(kind("API_KEY", &v), None, "value {v}");
        }
    }

    #[test]
    fn url_passwords() {
        let pw = fake(20, ALNUM);
        assert_eq!(
            kind("DATABASE_URL", &format!("postgres://app:{pw}@db.prod.acme.io:5432/app")).as_deref(),
            Some("URL with an embedded password")
        );
        assert_eq!(
            kind("", &format!("redis://default:{pw}@cache.internal.acme.io:6379")).as_deref(),
            Some("URL with an embedded password")
        );
        for v in [
            "postgres://postgres:postgres@localhost:5432/app",
            "postgresql://postgres:postgres@db:5432/app",
            "postgres://user:password@host:5432/db",
            "postgres://user:${DB_PASSWORD}@db.prod.acme.io/app",
            "postgres://user:<password>@db.prod.acme.io/app",
            "mysql://root:root@127.0.0.1:3306/app",
            "postgresql://postgres:prisma@localhost:5432/app",
            "https://example.com/path",
            "https://user@github.com/org/repo",
            "s3://minioadmin:minioadmin@localhost:9000",
            "postgres://USER:PASSWORD@HOST:PORT/DATABASE",
        ] {
            assert_eq!(kind("DATABASE_URL", v), None, "value {v}");
        }
    }

    #[test]
    fn secret_named_keys() {
        for k in [
            "DB_PASSWORD",
            "password",
            "POSTGRES_PASSWORD",
            "client_secret",
            "JWT_SECRET",
            "NEXTAUTH_SECRET",
            "apiKey",
            "API_KEY",
            "STRIPE_SECRET_KEY",
            "GITHUB_TOKEN",
            "access_key",
            "private_key",
            "SENTRY_DSN",
            "credentials",
            "SLACK_WEBHOOK",
            "RESEND_KEY",
            "SUPABASE_SERVICE_ROLE_KEY",
            "ENCRYPTION_KEY",
            "auth_token",
            "db-passwd",
            "SMTP_PASS",
            "db.credentials.password",
        ] {
            assert!(is_secret_key_name(k), "{k}");
        }
        for k in [
            "PASSWORD_FILE",
            "POSTGRES_PASSWORD_FILE",
            "SECRET_PATH",
            "token_endpoint",
            "password_min_length",
            "NEXT_PUBLIC_SUPABASE_ANON_KEY",
            "PUBLIC_KEY",
            "CLIENT_ID",
            "AWS_ACCESS_KEY_ID",
            "SECRET_NAME",
            "AUTH_URL",
            "DB_USER",
            "STRIPE_PUBLISHABLE_KEY",
            "KEY",
            "image",
            "",
            "TOKEN_TTL",
            "kms_key_arn",
            "kms_key",
            "CACHE_KEY",
            "network_pass_through_lb_traffic_policy",
            "backend.network_pass_through.spillover",
        ] {
            assert!(!is_secret_key_name(k), "{k}");
        }
    }

    #[test]
    fn heuristic_high_entropy() {
        let v = fake(32, ALNUM);
        assert_eq!(kind("JWT_SECRET", &v).as_deref(), Some("high-entropy value for a secret-named key"));
        assert_eq!(kind("DB_PASSWORD", "Xk9#mP2$vL7q").as_deref(), Some("high-entropy value for a secret-named key"));
        assert_eq!(kind("session_key", &fake(64, HEX)).as_deref(), Some("high-entropy value for a secret-named key"));
        // Same values under names that are not secret-ish: not reported.
        assert_eq!(kind("BUILD_HASH", &v), None);
        assert_eq!(kind("CLIENT_ID", &v), None);
        // Low-entropy / word values under secret names.
        for value in [
            "changeme",
            "change-me",
            "your-api-key",
            "your_secret_here",
            "xxxxxxxxxxxx",
            "***",
            "<secret>",
            "${DB_PASSWORD}",
            "$DB_PASSWORD",
            "{{ .Values.password }}",
            "dummy",
            "placeholder",
            "todo",
            "secret",
            "password",
            "test",
            "postgres",
            "minioadmin",
            "root",
            "admin",
            "",
            "aaaaaaaaaaaaaaaa",
            "super-secret-jwt-token-with-at-least-32-characters-long",
            "my-secret-key",
            "mysecretpassword",
            "/run/secrets/db_password",
            "secrets/key.pem",
            "30d",
            "12345",
            "true",
            "not-a-real-secret-value",
            "dev_password",
            "local-dev-secret",
            "UberSecretPassword",
            "SuperSecretPassw0rd",
        ] {
            assert_eq!(kind("DB_PASSWORD", value), None, "value {value:?}");
        }
    }

    #[test]
    fn public_keys_are_not_secrets() {
        let ssh = format!("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5{} user@host", fake(48, ALNUM));
        assert!(is_public_key(&ssh));
        assert_eq!(kind("ssh_public_key", &ssh), None);
        assert_eq!(kind("deploy_key", &ssh), None);
        let rsa = format!("ssh-rsa AAAAB3NzaC1yc2E{} me", fake(200, ALNUM));
        assert_eq!(kind("private_key", &rsa), None);
        let pem = format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----", fake(64, ALNUM));
        assert_eq!(kind("signing_key", &pem), None);
        let cert = format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----", fake(64, ALNUM));
        assert_eq!(kind("tls_secret", &cert), None);
        assert!(!is_public_key("-----BEGIN PRIVATE KEY-----"));
    }

    #[test]
    fn placeholders() {
        for v in [
            "",
            "  ",
            "change-me",
            "CHANGEME",
            "your-token",
            "your_key",
            "YOUR_API_KEY",
            "xxx",
            "xxxxxxxx",
            "***",
            "<your key>",
            "${FOO}",
            "$FOO",
            "{{ secret }}",
            "some-example-value",
            "dummy",
            "placeholder",
            "TODO",
            "secret",
            "password",
            "test",
            "aaaa",
            "0000000000",
        ] {
            assert!(is_placeholder(v), "{v:?}");
        }
        let stripe_test = format!("{}_test_{}", "sk", fake(24, ALNUM));
        assert!(is_placeholder(&stripe_test));
        for v in ["Xk9#mP2$vL7q", "hunter2", "s3cr3t-But-Real-9f8e7d"] {
            assert!(!is_placeholder(v), "{v:?}");
        }
    }

    #[test]
    fn local_defaults() {
        for v in
            ["postgres", "minioadmin", "root", "admin", "password", "postgres://postgres:postgres@localhost:5432/db"]
        {
            assert!(is_local_default(v), "{v}");
        }
        assert!(!is_local_default("postgres://postgres:postgres@db.prod.acme.io:5432/db"));
        assert!(!is_local_default("Xk9#mP2$vL7q"));
    }

    #[test]
    fn masking_never_reveals_much() {
        assert_eq!(mask("short"), "****");
        assert_eq!(mask("elevenchars"), "****");
        let token = format!("ghp_{}", fake(36, ALNUM));
        assert_eq!(mask(&token), "ghp_****");
        assert_eq!(mask("abcdefghijkl"), "abc****");
        assert_eq!(mask(""), "****");
        assert_eq!(mask("ééééééééééééééééé"), "éééé****");
        for len in 0..80 {
            let v = fake(len, ALNUM);
            let m = mask(&v);
            let shown = m.trim_end_matches('*');
            assert!(shown.chars().count() <= 4);
            assert!(len >= 12 || shown.is_empty());
        }
    }

    #[test]
    fn free_text() {
        let gh = format!("ghp_{}", fake(36, ALNUM));
        let pw = fake(20, ALNUM);
        let text = format!(
            "#!/bin/sh\nexport AWS_REGION=us-west-2\nexport DATABASE_PASSWORD=\\\"{pw}\\\"\ncurl -H 'Authorization: token {gh}' https://api.github.com\n\"API_KEY\": \"${{API_KEY}}\"\npassword: change-me\n"
        );
        let hits = scan_text(&text);
        let found: Vec<(&str, &str)> =
            hits.iter().map(|h| (text.get(h.start..h.end).unwrap_or(""), h.found.kind.as_str())).collect();
        assert_eq!(
            found,
            vec![(pw.as_str(), "high-entropy value for a secret-named key"), (gh.as_str(), "GitHub token"),]
        );
        assert_eq!(hits.first().and_then(|h| h.key.as_deref()), Some("DATABASE_PASSWORD"));
        let json = format!("{{\"environment\": [{{\"name\": \"X\", \"value\": \"y\"}}], \"db_password\": \"{pw}\"}}");
        assert_eq!(scan_text(&json).len(), 1);
        assert!(scan_text("PASSWORD=$DB_PASSWORD\ntoken: ${{ secrets.TOKEN }}\n").is_empty());
    }

    #[test]
    fn name_value_pairs() {
        let pw = fake(20, ALNUM);
        let json = format!(
            "[{{\"name\": \"ENVIRONMENT\", \"value\": \"production\"}},\n {{ \"name\": \"DATABASE_PASSWORD\",\n   \"value\": \"{pw}\" }}]"
        );
        let hits = scan_text(&json);
        assert_eq!(hits.len(), 1, "{hits:?}");
        let h = &hits[0];
        assert_eq!(json.get(h.start..h.end), Some(pw.as_str()));
        assert_eq!(h.key.as_deref(), Some("DATABASE_PASSWORD"));
        let hcl = format!("environment = [{{ name = \"API_TOKEN\", value = \"{pw}\" }}]");
        assert_eq!(scan_text(&hcl).len(), 1);
        // Placeholders and non-secret names stay quiet.
        assert!(scan_text("{\"name\": \"DB_PASSWORD\", \"value\": \"change-me\"}").is_empty());
        assert!(scan_text(&format!("{{\"name\": \"BUILD_SHA\", \"value\": \"{pw}\"}}")).is_empty());
    }

    #[test]
    fn documented_examples() {
        // Built from parts so the source holds no complete example key.
        let id = format!("AKIAIOSFODNN7{}", "EXAMPLE");
        let secret = format!("wJalrXUtnFEMI/K7MDENG/bPxRfiCY{}", "EXAMPLEKEY");
        assert!(classify("AWS_ACCESS_KEY_ID", &id).is_none());
        assert!(classify("AWS_SECRET_ACCESS_KEY", &secret).is_none());
        assert_eq!(documented_example(&format!("\"{id}\"")), Some("AWS's documented example access key id"));
        assert_eq!(documented_example(&secret), Some("AWS's documented example secret access key"));
        assert_eq!(documented_example("AKIAIOSFODNN7EXAMPLF"), None);
        let text = format!("export AWS_ACCESS_KEY_ID={id}\nexport AWS_SECRET_ACCESS_KEY={secret}\nX{id}\n");
        let hits = find_documented_examples(&text);
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert_eq!(text.get(hits[0].start..hits[0].end), Some(id.as_str()));
        assert_eq!(text.get(hits[1].start..hits[1].end), Some(secret.as_str()));
        assert!(scan_text(&text).is_empty());
    }

    #[test]
    fn human_chosen_passwords() {
        assert!(human_chosen_password("DATABASE_PASSWORD", "SomeSortOfPassword"));
        assert!(human_chosen_password("admin_password", "SuperSecretPassw0rd"));
        assert!(!human_chosen_password("DATABASE_PASSWORD", "dev_password"));
        assert!(!human_chosen_password("DATABASE_PASSWORD", "LocalTestPassword"));
        assert!(!human_chosen_password("DATABASE_PASSWORD", "change-me-password"));
        assert!(!human_chosen_password("DATABASE_PASSWORD", "postgres"));
        assert!(!human_chosen_password("GREETING", "SomeSortOfPassword"));
        assert!(!human_chosen_password("API_TOKEN", "SomeSortOfPassword"));
        assert!(!human_chosen_password("DATABASE_PASSWORD", "somesortofpassword"));
        // Random values are not phrases (classify reports those).
        assert!(!human_chosen_password("DATABASE_PASSWORD", &fake(20, ALNUM)));
        let text = "export DATABASE_PASSWORD=\\\"SomeSortOfPassword\\\"\nexport GREETING=HelloThereFriend\n";
        let hits = scan_text_human_passwords(text);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(text.get(hits[0].start..hits[0].end), Some("SomeSortOfPassword"));
        assert!(scan_text(text).is_empty());
    }

    #[test]
    fn name_value_literals() {
        let text = r#"[{"name": "ENVIRONMENT", "value": "staging"}, {"name": "DB_PASSWORD", "value": "hunter two!"},
            {"name": "API_SECRET", "value": "change-me"}, {"name": "SMTP_PASSWORD", "value": "${SMTP}"},
            {"name": "REDIS_PASSWORD", "value": "redis"}]"#;
        let hits = scan_name_value_literals(text);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(text.get(hits[0].start..hits[0].end), Some("hunter two!"));
        assert_eq!(hits[0].key.as_deref(), Some("DB_PASSWORD"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The free-text scanners never panic and return in-bounds, char-aligned spans on any
        /// input (mutated scripts with quotes, escapes, base64 and multi-byte characters).
        #[test]
        fn free_text_scanners_never_panic(text in "(?s)[ -~\\n\\té€\"'=:{},]{0,200}", key in "[A-Za-z_]{0,16}") {
            let all = [
                scan_text(&text),
                scan_text_shapes(&text),
                scan_text_human_passwords(&text),
                scan_name_value_literals(&text),
                find_documented_examples(&text),
            ];
            for hits in all {
                for h in hits {
                    proptest::prop_assert!(h.start <= h.end && h.end <= text.len());
                    proptest::prop_assert!(text.get(h.start..h.end).is_some());
                }
            }
            let _ = decode_base64_text(&text);
            let _ = human_chosen_password(&key, &text);
            let _ = documented_example(&text);
            let _ = is_marked_placeholder(&text);
        }
    }

    #[test]
    fn base64_text() {
        assert_eq!(decode_base64_text("aGVsbG8gd29ybGQ=").as_deref(), Some("hello world"));
        assert_eq!(decode_base64_text("aGVsbG8gd29ybGQ").as_deref(), Some("hello world"));
        assert_eq!(decode_base64_text("aGVs\nbG8=").as_deref(), Some("hello"));
        assert_eq!(decode_base64_text("not base64!"), None);
        assert_eq!(decode_base64_text(""), None);
        assert_eq!(decode_base64_text("abcde"), None);
        assert_eq!(decode_base64_text("//79"), None); // not UTF-8
    }

    #[test]
    fn entropy() {
        assert!((shannon_entropy("aaaa") - 0.0).abs() < 1e-9);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
        assert!(shannon_entropy(&fake(64, ALNUM)) > 4.5);
        assert!(looks_random(&fake(24, ALNUM)));
        assert!(!looks_random("hello world this is"));
        assert!(!looks_random("arn:aws:kms:us-east-1:123456789012:key/abcd"));
    }
}
