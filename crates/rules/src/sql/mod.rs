//! Rules of the `sql` family.

pub mod auth_rls_initplan;
pub mod auth_users_exposed;
pub mod duplicate_index;
pub mod extension_in_public;
pub mod fkey_to_auth_unique;
pub mod function_search_path_mutable;
pub mod graphql_table_exposed;
pub mod missing_rls;
pub mod multiple_permissive_policies;
pub mod no_primary_key;
pub(crate) mod pg;
pub mod policy_without_rls;
pub mod public_bucket_allows_listing;
pub mod public_bucket_sensitive;
pub mod queue_exposed_in_api;
pub mod relation_in_api;
pub mod rls_enabled_no_policy;
pub mod rls_not_forced;
pub mod rls_policy_always_true;
pub mod rls_policy_null_auth_disjunct;
pub mod rls_references_user_metadata;
pub mod security_definer_function_executable;
pub mod security_definer_view;
pub mod sensitive_columns_exposed;
pub mod supabase_anonymous_sign_ins;
pub mod supabase_config_secret;
pub mod supabase_email_unconfirmed;
pub mod supabase_insecure_redirect_url;
pub mod supabase_long_jwt_expiry;
pub mod unindexed_foreign_keys;
pub mod unsupported_reg_types;

use crate::rule::Rule;

/// Every rule of this family.
#[must_use]
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(missing_rls::MissingRls),
        Box::new(rls_not_forced::RlsNotForced),
        Box::new(rls_enabled_no_policy::RlsEnabledNoPolicy),
        Box::new(rls_policy_always_true::RlsPolicyAlwaysTrue),
        Box::new(auth_users_exposed::AuthUsersExposed),
        Box::new(policy_without_rls::PolicyWithoutRls),
        Box::new(security_definer_view::SecurityDefinerView),
        Box::new(function_search_path_mutable::FunctionSearchPathMutable),
        Box::new(extension_in_public::ExtensionInPublic),
        Box::new(rls_references_user_metadata::RlsReferencesUserMetadata),
        Box::new(relation_in_api::MaterializedViewInApi),
        Box::new(relation_in_api::ForeignTableInApi),
        Box::new(unsupported_reg_types::UnsupportedRegTypes),
        Box::new(queue_exposed_in_api::QueueExposedInApi),
        Box::new(fkey_to_auth_unique::FkeyToAuthUnique),
        Box::new(sensitive_columns_exposed::SensitiveColumnsExposed),
        Box::new(public_bucket_allows_listing::PublicBucketAllowsListing),
        Box::new(public_bucket_sensitive::PublicBucketSensitive),
        Box::new(graphql_table_exposed::GraphqlTableExposed),
        Box::new(security_definer_function_executable::SecurityDefinerFunctionExecutable),
        Box::new(security_definer_function_executable::SecurityDefinerFunctionAuthenticated),
        Box::new(rls_policy_null_auth_disjunct::RlsPolicyNullAuthDisjunct),
        Box::new(auth_rls_initplan::AuthRlsInitplan),
        Box::new(multiple_permissive_policies::MultiplePermissivePolicies),
        Box::new(no_primary_key::NoPrimaryKey),
        Box::new(unindexed_foreign_keys::UnindexedForeignKeys),
        Box::new(duplicate_index::DuplicateIndex),
        Box::new(supabase_anonymous_sign_ins::SupabaseAnonymousSignIns),
        Box::new(supabase_email_unconfirmed::SupabaseEmailUnconfirmed),
        Box::new(supabase_insecure_redirect_url::SupabaseInsecureRedirectUrl),
        Box::new(supabase_long_jwt_expiry::SupabaseLongJwtExpiry),
        Box::new(supabase_config_secret::SupabaseConfigSecret),
    ]
}
