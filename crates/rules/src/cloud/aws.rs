//! AWS checks.

use super::engine::Cond::*;

const S3_PAB: &[&str] = &["aws_s3_bucket_public_access_block"];

/// No public access block of this bucket sets `attr = true`.
macro_rules! pab_sets {
    ($attr:literal) => {
        Not(&Related { types: S3_PAB, via: "bucket", cond: Some(&True($attr)) })
    };
}

crate::cloud_checks! { CHECKS; "aws";
    {
        id: "aws-s3-block-public-acls",
        severity: High,
        types: ["aws_s3_bucket"],
        service: "s3",
        summary: "An S3 bucket without a public access block that blocks public ACLs",
        why: "Without `block_public_acls`, anyone with write access to the bucket can make objects public with an ACL, by mistake or on purpose.",
        fix: "Add an `aws_s3_bucket_public_access_block` for the bucket with `block_public_acls = true`",
        message: "no public access block with block_public_acls = true",
        when: pab_sets!("block_public_acls"),
        aliases: ["AVD-AWS-0086", "AWS-0086", "CKV_AWS_53"],
        bad: "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"data\"\n}\n",
        good: "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"data\"\n}\n\nresource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket                  = aws_s3_bucket.b.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n",
    },
}
