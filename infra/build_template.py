#!/usr/bin/env python3
"""Write the template that `chalice package --merge-template` merges (DESIGN §7).

Chalice generates the functions, their roles, the REST API and the schedules;
this script generates everything else from the application's own
definitions, so nothing is typed twice:

- the table is `chalicelib.storage.tables.TABLE_PROPERTIES`, verbatim (the
  local run and the tests create the very same table);
- the CloudFront security headers are `chalicelib.security_headers.
  SECURITY_HEADERS` (what the local runner sends);
- the function, role and event logical ids are read from Chalice's own
  application graph (the one `chalice package` builds), so a new
  `@app.schedule` or stream handler gets its environment, its log group and
  its least-privilege role policy without anyone editing infra/.

Chalice merges dictionaries key by key and replaces everything else, so the
role `Policies` lists written here replace the policy file's, and the stream
event's `Stream` replaces the import-time ARN with `Fn::GetAtt`.

Usage: python infra/build_template.py [--stage api] [--out build/merge-template.json]
"""
import argparse
import copy
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STAGE = "api"
TABLE = "CrmTable"
DLQ = "StreamDeadLetterQueue"
BUCKET = "SiteBucket"
FILES_BUCKET = "FilesBucket"
# The files bucket's name is computed, never referenced: its CORS names the distribution, which
# reaches the API function (its origin) and the function's role; a Ref from the CSP, the
# function's environment or its role back to the bucket would close a cycle.
FILES_BUCKET_NAME = {"Fn::Join": ["", ["crm-files-", {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}]]}
FILES_ARN = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::", FILES_BUCKET_NAME]]}
BUCKET_POLICY = "SiteBucketPolicy"
OAC = "SiteOriginAccessControl"
HEADERS_POLICY = "SecurityHeadersPolicy"
INDEX_FUNCTION = "SiteIndexFunction"
DISTRIBUTION = "SiteDistribution"
MAIL_IDENTITY = "MailIdentity"
REST_API = "RestAPI"  # Chalice's logical id of the API Gateway REST API
API_HANDLER = "APIHandler"  # ... and of the function behind it

# AWS-managed CloudFront policies (stable, documented ids).
CACHE_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # Managed-CachingOptimized
CACHE_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # Managed-CachingDisabled
# All viewer headers (Authorization included when caching is disabled),
# cookies and query strings, but not Host: API Gateway needs its own host.
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

# Stream event source: a poison record must not block the stream (DESIGN §5).
STREAM_MAX_RETRIES = 5
STREAM_MAX_RECORD_AGE_SECONDS = 24 * 3600

# HSTS only makes sense over https, so it is added in AWS only (the local
# run is plain http) unless SECURITY_HEADERS already sets it.
DEFAULT_HSTS = "max-age=63072000; includeSubDomains"

# API Gateway's own answers (unknown route, wrong method, too large, throttled,
# its own failures) in the DESIGN §8 error shape.
GATEWAY_ERRORS = {
    # Unknown path or a method the path does not have.
    "MISSING_AUTHENTICATION_TOKEN": ("404", "not_found", "No such endpoint."),
    "RESOURCE_NOT_FOUND": ("404", "not_found", "No such endpoint."),
    "REQUEST_TOO_LARGE": ("413", "payload_too_large", "The request body is too large."),
    "THROTTLED": ("429", "rate_limited", "Too many requests, retry later."),
    "QUOTA_EXCEEDED": ("429", "rate_limited", "Too many requests, retry later."),
    "BAD_REQUEST_BODY": ("400", "validation_error", "The request body is not valid."),
    "BAD_REQUEST_PARAMETERS": ("400", "validation_error", "The request parameters are not valid."),
    # None: keep API Gateway's own status code.
    "DEFAULT_4XX": (None, "bad_request", "The request could not be processed."),
    "DEFAULT_5XX": (None, "unavailable", "The service is temporarily unavailable."),
}


def _ref(name):
    return {"Ref": name}


def _getatt(name, attr):
    return {"Fn::GetAtt": [name, attr]}


def _sub(text):
    return {"Fn::Sub": text}


# --------------------------------------------------------------------------
# What the application defines


def table_properties():
    """The one table definition (never retyped here)."""
    sys.path.insert(0, str(ROOT))
    from chalicelib.storage.tables import TABLE_PROPERTIES

    return copy.deepcopy(TABLE_PROPERTIES)


def security_headers():
    """The headers the local runner sends (never retyped here)."""
    sys.path.insert(0, str(ROOT))
    from chalicelib.security_headers import SECURITY_HEADERS

    return dict(SECURITY_HEADERS)


def discover_app(project_dir=ROOT, stage=STAGE):
    """Logical ids of what `chalice package` generates for this app.

    Uses Chalice's own application graph and naming, so the ids are the ones
    in the packaged template. Returns a dict with:
    functions: {function id: role id or None}, api_functions: ids the REST API
    references (its handler and authorizers), stream_events: [(function id,
    event id)].
    """
    from chalice.cli.factory import CLIFactory
    from chalice.deploy import models
    from chalice.deploy.appgraph import ApplicationGraphBuilder, DependencyBuilder
    from chalice.package import to_cfn_resource_name as cfn

    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-3")
    factory = CLIFactory(project_dir=str(project_dir), environ=os.environ)
    config = factory.create_config_obj(chalice_stage_name=stage)
    application = ApplicationGraphBuilder().build(config, stage)
    resources = DependencyBuilder().build_dependencies(application)

    found = {"functions": {}, "api_functions": set(), "stream_events": []}
    # `chalice package` renames the REST API's handler to APIHandler.
    api_handler = next((cfn(r.lambda_function.resource_name) for r in resources
                        if isinstance(r, models.RestAPI)), None)

    def fid(function):
        name = cfn(function.resource_name)
        return API_HANDLER if name == api_handler else name

    for resource in resources:
        if isinstance(resource, models.LambdaFunction):
            role = resource.role
            role_id = (cfn(role.resource_name)
                       if isinstance(role, models.ManagedIAMRole) else None)
            found["functions"][fid(resource)] = role_id
        elif isinstance(resource, models.RestAPI):
            found["api_functions"].add(API_HANDLER)
            for authorizer in resource.authorizers:
                found["api_functions"].add(fid(authorizer))
        elif isinstance(resource, models.DynamoDBEventSource):
            found["stream_events"].append(
                (fid(resource.lambda_function), cfn(resource.resource_name)))
        elif isinstance(resource, models.S3BucketNotification):
            raise SystemExit("build_template: `chalice package` cannot package "
                             "@app.on_s3_event handlers; use SNS/SQS or a route.")
    if not found["functions"]:
        raise SystemExit("build_template: the app defines no function")
    return found


# --------------------------------------------------------------------------
# Pieces of the template


def parameters():
    return {
        "MailFromAddress": {
            "Type": "String",
            "Description": "Sender address of the CRM's mail (an SES-verified "
                           "address, or an address of a verified domain).",
            "AllowedPattern": r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$",
            "ConstraintDescription": "an email address such as crm@example.com",
        },
        "MailFromName": {
            "Type": "String",
            "Default": "CRM",
            "Description": "Display name of the sender.",
        },
        "CreateMailIdentity": {
            "Type": "String",
            "Default": "false",
            "AllowedValues": ["true", "false"],
            "Description": "Create the SES email identity for MailFromAddress (SES "
                           "then mails a verification link). Leave false if the "
                           "address or its domain is already verified.",
        },
        "PublicUrl": {
            "Type": "String",
            "Default": "",
            "Description": "Public https URL of the site (the CloudFront URL or a "
                           "custom domain). infra/deploy.sh fills it in; empty on "
                           "the very first deploy.",
            "AllowedPattern": r"^(https://[^/\s]+)?$",
        },
        "LogRetentionDays": {
            "Type": "Number",
            "Default": 30,
            "AllowedValues": [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
                              545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
        },
        "ApiRateLimit": {
            "Type": "Number",
            "Default": 50,
            "Description": "API Gateway steady-state requests per second (stage-wide).",
        },
        "OriginSecret": {
            "Type": "String",
            "NoEcho": True,
            "MinLength": 32,
            "AllowedPattern": r"^[A-Za-z0-9_-]+$",
            "Description": "Shared secret CloudFront sends to the API in the X-Crm-Origin header; "
                           "the API refuses calls without it (they bypassed CloudFront). "
                           "infra/deploy.sh generates it on the first deploy.",
        },
        "ApiBurstLimit": {
            "Type": "Number",
            "Default": 100,
            "Description": "API Gateway burst of requests (stage-wide).",
        },
    }


def conditions():
    return {
        "HasPublicUrl": {"Fn::Not": [{"Fn::Equals": [_ref("PublicUrl"), ""]}]},
        "CreateMailIdentity": {"Fn::Equals": [_ref("CreateMailIdentity"), "true"]},
    }


def table_resource():
    return {
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": table_properties(),
    }


def dead_letter_queue():
    return {
        "Type": "AWS::SQS::Queue",
        # Failed stream batches are only meaningful while the stack lives.
        "DeletionPolicy": "Delete",
        "UpdateReplacePolicy": "Delete",
        "Properties": {
            "MessageRetentionPeriod": 14 * 24 * 3600,
            "SqsManagedSseEnabled": True,
        },
    }


def site_bucket():
    return {
        "Type": "AWS::S3::Bucket",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [{
                    "ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                    "BucketKeyEnabled": True,
                }],
            },
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
        },
    }


def files_bucket():
    """Where files live: private (no public access at all), encrypted; the browser POSTs uploads and
    GETs previews with presigned URLs from the site's origin only (CORS)."""
    site_origin = {"Fn::If": ["HasPublicUrl", _ref("PublicUrl"), _sub("https://${%s.DomainName}" % DISTRIBUTION)]}
    bucket = site_bucket()
    bucket["Properties"].update({
        "BucketName": FILES_BUCKET_NAME,
        "CorsConfiguration": {"CorsRules": [{
            "AllowedOrigins": [site_origin], "AllowedMethods": ["POST", "GET", "HEAD"],
            "AllowedHeaders": ["*"], "MaxAge": 3600}]},
        "LifecycleConfiguration": {"Rules": [{
            "Id": "AbortIncompleteUploads", "Status": "Enabled",
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]},
    })
    return bucket


def with_files_origin(csp):
    """The CSP, letting the page reach the files bucket: uploads (connect-src) and previews (img-src)."""
    origins = " https://${FilesBucketName}.s3.${AWS::Region}.amazonaws.com https://${FilesBucketName}.s3.amazonaws.com"
    parts = []
    for directive in csp.split("; "):
        if directive.split(" ", 1)[0] in ("connect-src", "img-src"):
            directive += origins
        parts.append(directive)
    return {"Fn::Sub": ["; ".join(parts), {"FilesBucketName": FILES_BUCKET_NAME}]}


def site_bucket_policy():
    bucket_arn = _getatt(BUCKET, "Arn")
    objects_arn = _sub("${%s.Arn}/*" % BUCKET)
    return {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": _ref(BUCKET),
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "CloudFrontReadsTheSite",
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudfront.amazonaws.com"},
                        "Action": "s3:GetObject",
                        "Resource": objects_arn,
                        "Condition": {"StringEquals": {"AWS:SourceArn": _sub(
                            "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}"
                            ":distribution/${%s}" % DISTRIBUTION)}},
                    },
                    {
                        # Without it S3 answers 403 for a missing file, not 404.
                        "Sid": "CloudFrontListsTheSite",
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudfront.amazonaws.com"},
                        "Action": "s3:ListBucket",
                        "Resource": bucket_arn,
                        "Condition": {"StringEquals": {"AWS:SourceArn": _sub(
                            "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}"
                            ":distribution/${%s}" % DISTRIBUTION)}},
                    },
                    {
                        "Sid": "TlsOnly",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [bucket_arn, objects_arn],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                ],
            },
        },
    }


def origin_access_control():
    return {
        "Type": "AWS::CloudFront::OriginAccessControl",
        "Properties": {
            "OriginAccessControlConfig": {
                "Name": _sub("${AWS::StackName}-${AWS::Region}-site"),
                "Description": "CloudFront reads the CRM site bucket",
                "OriginAccessControlOriginType": "s3",
                "SigningBehavior": "always",
                "SigningProtocol": "sigv4",
            },
        },
    }


_REFERRER_POLICIES = {
    "no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
    "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url",
}


def response_headers_config(headers):
    """CloudFront ResponseHeadersPolicyConfig for a {header: value} dict.

    The headers CloudFront models as security headers go to
    SecurityHeadersConfig (CloudFront refuses them as custom headers); every
    other header becomes a custom header. Viewer-facing values always win
    (Override) so the API and the site answer with the same policy.
    """
    security = {}
    custom = []
    has_hsts = False
    for name, value in headers.items():
        key = name.lower()
        if key == "content-security-policy":
            security["ContentSecurityPolicy"] = {
                "ContentSecurityPolicy": with_files_origin(value), "Override": True}
        elif key == "x-content-type-options":
            if value.strip().lower() != "nosniff":
                raise ValueError("X-Content-Type-Options can only be nosniff")
            security["ContentTypeOptions"] = {"Override": True}
        elif key == "x-frame-options":
            option = value.strip().upper()
            if option not in ("DENY", "SAMEORIGIN"):
                raise ValueError("X-Frame-Options must be DENY or SAMEORIGIN")
            security["FrameOptions"] = {"FrameOption": option, "Override": True}
        elif key == "referrer-policy":
            policy = value.strip().lower()
            if policy not in _REFERRER_POLICIES:
                raise ValueError("unsupported Referrer-Policy %r" % value)
            security["ReferrerPolicy"] = {"ReferrerPolicy": policy, "Override": True}
        elif key == "strict-transport-security":
            security["StrictTransportSecurity"] = _hsts(value)
            has_hsts = True
        elif key == "x-xss-protection":
            security["XSSProtection"] = _xss(value)
        else:
            custom.append({"Header": name, "Value": value, "Override": True})
    if not has_hsts:
        security["StrictTransportSecurity"] = _hsts(DEFAULT_HSTS)
    config = {
        "Name": _sub("${AWS::StackName}-${AWS::Region}-security-headers"),
        "Comment": "chalicelib/security_headers.py, for the site and /api/*",
        "SecurityHeadersConfig": security,
    }
    if custom:
        config["CustomHeadersConfig"] = {"Items": custom}
    return config


def _hsts(value):
    parts = [p.strip() for p in value.split(";") if p.strip()]
    result = {"Override": True, "IncludeSubdomains": False, "Preload": False}
    for part in parts:
        low = part.lower()
        if low.startswith("max-age="):
            result["AccessControlMaxAgeSec"] = int(part.split("=", 1)[1])
        elif low == "includesubdomains":
            result["IncludeSubdomains"] = True
        elif low == "preload":
            result["Preload"] = True
    if "AccessControlMaxAgeSec" not in result:
        raise ValueError("Strict-Transport-Security needs max-age")
    return result


def _xss(value):
    parts = [p.strip().lower() for p in value.split(";")]
    result = {"Protection": parts[0] == "1", "Override": True}
    if result["Protection"] and "mode=block" in parts[1:]:
        result["ModeBlock"] = True
    return result


# A directory URL serves its index.html, as the local runner does (CloudFront's
# DefaultRootObject only covers "/"). Only on the site behaviour, never /api/*.
INDEX_FUNCTION_CODE = """\
function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) {
    request.uri += 'index.html';
  }
  return request;
}
"""


def index_function():
    return {
        "Type": "AWS::CloudFront::Function",
        "Properties": {
            "Name": _sub("${AWS::StackName}-${AWS::Region}-site-index"),
            "AutoPublish": True,
            "FunctionCode": INDEX_FUNCTION_CODE,
            "FunctionConfig": {
                "Comment": "directory URLs serve their index.html",
                "Runtime": "cloudfront-js-2.0",
            },
        },
    }


def headers_policy(headers):
    return {
        "Type": "AWS::CloudFront::ResponseHeadersPolicy",
        "Properties": {"ResponseHeadersPolicyConfig": response_headers_config(headers)},
    }


def distribution():
    from chalicelib.config import ORIGIN_HEADER

    headers = _ref(HEADERS_POLICY)
    return {
        "Type": "AWS::CloudFront::Distribution",
        "Properties": {
            "DistributionConfig": {
                "Enabled": True,
                "Comment": _sub("CRM ${AWS::StackName}"),
                "HttpVersion": "http2and3",
                "IPV6Enabled": True,
                "PriceClass": "PriceClass_100",
                "DefaultRootObject": "index.html",
                "Origins": [
                    {
                        "Id": "site",
                        "DomainName": _getatt(BUCKET, "RegionalDomainName"),
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                        "OriginAccessControlId": _getatt(OAC, "Id"),
                    },
                    {
                        "Id": "api",
                        "DomainName": _sub(
                            "${%s}.execute-api.${AWS::Region}.${AWS::URLSuffix}" % REST_API),
                        # No OriginPath: /api/x reaches the stage named "api".
                        # The secret proves a call came through CloudFront (chalicelib.api.middleware).
                        "OriginCustomHeaders": [{"HeaderName": ORIGIN_HEADER, "HeaderValue": _ref("OriginSecret")}],
                        "CustomOriginConfig": {
                            "OriginProtocolPolicy": "https-only",
                            "OriginSSLProtocols": ["TLSv1.2"],
                            "HTTPSPort": 443,
                        },
                    },
                ],
                "DefaultCacheBehavior": {
                    "TargetOriginId": "site",
                    "ViewerProtocolPolicy": "redirect-to-https",
                    "AllowedMethods": ["GET", "HEAD"],
                    "CachedMethods": ["GET", "HEAD"],
                    "Compress": True,
                    "CachePolicyId": CACHE_OPTIMIZED,
                    "ResponseHeadersPolicyId": headers,
                    "FunctionAssociations": [{
                        "EventType": "viewer-request",
                        "FunctionARN": _getatt(INDEX_FUNCTION, "FunctionARN"),
                    }],
                },
                "CacheBehaviors": [
                    {
                        "PathPattern": "/api/*",
                        "TargetOriginId": "api",
                        # No redirect for the API: a redirected POST loses its body.
                        "ViewerProtocolPolicy": "https-only",
                        "AllowedMethods": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH",
                                           "POST", "DELETE"],
                        "CachedMethods": ["GET", "HEAD"],
                        "Compress": True,
                        "CachePolicyId": CACHE_DISABLED,
                        "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST,
                        "ResponseHeadersPolicyId": headers,
                    },
                ],
                "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
            },
        },
    }


def mail_identity():
    return {
        "Type": "AWS::SES::EmailIdentity",
        "Condition": "CreateMailIdentity",
        "Properties": {"EmailIdentity": _ref("MailFromAddress")},
    }


def gateway_responses():
    """SAM `GatewayResponses` of the REST API.

    Set on the Serverless::Api rather than as AWS::ApiGateway::GatewayResponse
    resources: SAM puts them in the API definition, so a change redeploys the
    stage (separate resources only take effect after a manual redeploy).
    """
    responses = {}
    for kind, (status, code, message) in GATEWAY_ERRORS.items():
        body = json.dumps({"error": {"code": code, "message": message, "details": {}}},
                          separators=(",", ":"))
        response = {
            "ResponseParameters": {"Headers": {"Cache-Control": "'no-store'"}},
            "ResponseTemplates": {"application/json": body},
        }
        if status:
            response["StatusCode"] = status
        responses[kind] = response
    return responses


def function_environment(api_bound):
    """Environment of every function (chalicelib/config.py reads it).

    The API handler cannot name the distribution: the distribution's API
    origin needs the REST API, whose definition needs the handler (a cycle),
    so it gets the PublicUrl parameter only; infra/deploy.sh passes the
    CloudFront URL there (a second deploy right after the first one).
    """
    distribution_url = _sub("https://${%s.DomainName}" % DISTRIBUTION)
    public_url = {"Fn::If": ["HasPublicUrl", _ref("PublicUrl"),
                             _ref("AWS::NoValue") if api_bound else distribution_url]}
    return {
        "CRM_TABLE": _ref(TABLE),
        "CRM_PUBLIC_URL": public_url,
        "CRM_MAIL_BACKEND": "ses",
        "CRM_MAIL_FROM": _sub("${MailFromName} <${MailFromAddress}>"),
        "CRM_COOKIE_SECURE": "1",
        # CloudFront appends the viewer's address to X-Forwarded-For: one trusted hop.
        "CRM_TRUSTED_PROXY_HOPS": "1",
        "CRM_ORIGIN_SECRET": _ref("OriginSecret"),
        "CRM_FILES_BACKEND": "s3",
        "CRM_FILES_BUCKET": FILES_BUCKET_NAME,
    }


def log_group_id(function_id):
    return function_id + "LogGroup"


def log_group():
    return {
        "Type": "AWS::Logs::LogGroup",
        "DeletionPolicy": "Delete",
        "UpdateReplacePolicy": "Delete",
        "Properties": {"RetentionInDays": _ref("LogRetentionDays")},
    }


def role_policy(role_id, function_ids, stream_function_ids):
    """The least-privilege inline policy of one Chalice-generated role."""
    table_arn = _getatt(TABLE, "Arn")
    statements = [
        {
            "Sid": "CrmTable",
            "Effect": "Allow",
            # Transactions are authorized item by item through these actions.
            "Action": [
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:Query",
                "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:DescribeTable",
            ],
            "Resource": [table_arn, _sub("${%s.Arn}/index/*" % TABLE)],
        },
        {
            "Sid": "SendMail",
            "Effect": "Allow",
            "Action": ["ses:SendEmail", "ses:SendRawEmail"],
            # identity/*: in the SES sandbox the recipients are identities too.
            "Resource": _sub(
                "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*"),
        },
        {
            # Presigned uploads and downloads are signed with the function's own rights.
            "Sid": "Files",
            "Effect": "Allow",
            "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
            "Resource": {"Fn::Join": ["", [FILES_ARN, "/files/*"]]},
        },
        {
            # Without it S3 answers 403 for a file that has not arrived, not 404.
            "Sid": "FilesList",
            "Effect": "Allow",
            "Action": ["s3:ListBucket"],
            "Resource": FILES_ARN,
        },
        {
            "Sid": "Logs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": [_getatt(log_group_id(f), "Arn") for f in sorted(function_ids)],
        },
    ]
    if stream_function_ids & set(function_ids):
        statements += [
            {
                "Sid": "ReadTableStream",
                "Effect": "Allow",
                "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords",
                           "dynamodb:GetShardIterator"],
                "Resource": _getatt(TABLE, "StreamArn"),
            },
            {
                "Sid": "ListTableStreams",
                "Effect": "Allow",
                "Action": ["dynamodb:ListStreams"],
                "Resource": _sub("${%s.Arn}/stream/*" % TABLE),
            },
            {
                "Sid": "StreamFailures",
                "Effect": "Allow",
                "Action": ["sqs:SendMessage"],
                "Resource": _getatt(DLQ, "Arn"),
            },
        ]
    return [{
        "PolicyName": role_id + "Policy",
        "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
    }]


# --------------------------------------------------------------------------
# The template


def build(app=None, headers=None):
    """The merge template as a dict (`app` as returned by discover_app)."""
    app = app if app is not None else discover_app()
    headers = headers if headers is not None else security_headers()
    stream_functions = {fn for fn, _ in app["stream_events"]}

    resources = {
        TABLE: table_resource(),
        DLQ: dead_letter_queue(),
        BUCKET: site_bucket(),
        FILES_BUCKET: files_bucket(),
        BUCKET_POLICY: site_bucket_policy(),
        OAC: origin_access_control(),
        HEADERS_POLICY: headers_policy(headers),
        INDEX_FUNCTION: index_function(),
        DISTRIBUTION: distribution(),
        MAIL_IDENTITY: mail_identity(),
    }

    roles = {}
    for function_id, role_id in sorted(app["functions"].items()):
        api_bound = function_id in app["api_functions"]
        resources[log_group_id(function_id)] = log_group()
        resources[function_id] = {"Properties": {
            "Environment": {"Variables": function_environment(api_bound)},
            "LoggingConfig": {"LogGroup": _ref(log_group_id(function_id)),
                              "LogFormat": "Text"},
        }}
        if role_id:
            roles.setdefault(role_id, []).append(function_id)
    for role_id, function_ids in roles.items():
        resources[role_id] = {"Properties": {
            "Policies": role_policy(role_id, function_ids, stream_functions)}}

    for function_id, event_id in app["stream_events"]:
        resources[function_id]["Properties"]["Events"] = {event_id: {"Properties": {
            "Stream": _getatt(TABLE, "StreamArn"),
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "BisectBatchOnFunctionError": True,
            "MaximumRetryAttempts": STREAM_MAX_RETRIES,
            "MaximumRecordAgeInSeconds": STREAM_MAX_RECORD_AGE_SECONDS,
            "DestinationConfig": {"OnFailure": {
                "Type": "SQS", "Destination": _getatt(DLQ, "Arn")}},
        }}}

    if app["api_functions"]:
        resources[REST_API] = {"Properties": {
            "GatewayResponses": gateway_responses(),
            "MethodSettings": [{
                "ResourcePath": "/*",
                "HttpMethod": "*",
                "ThrottlingRateLimit": _ref("ApiRateLimit"),
                "ThrottlingBurstLimit": _ref("ApiBurstLimit"),
            }],
        }}

    return {
        "Description": "CRM: Chalice app, DynamoDB table, site on S3 behind CloudFront",
        "Parameters": parameters(),
        "Conditions": conditions(),
        "Resources": resources,
        "Outputs": {
            "SiteUrl": {"Value": _sub("https://${%s.DomainName}" % DISTRIBUTION)},
            "DistributionId": {"Value": _ref(DISTRIBUTION)},
            "SiteBucketName": {"Value": _ref(BUCKET)},
            "FilesBucketName": {"Value": _ref(FILES_BUCKET)},
            "TableName": {"Value": _ref(TABLE)},
            "TableStreamArn": {"Value": _getatt(TABLE, "StreamArn")},
            "StreamDeadLetterQueueUrl": {"Value": _ref(DLQ)},
        },
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default=STAGE)
    parser.add_argument("--out", default=str(ROOT / "build" / "merge-template.json"))
    args = parser.parse_args(argv)
    template = build(app=discover_app(ROOT, args.stage))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(template, indent=2, sort_keys=False) + "\n")
    print("build_template: wrote %s (%d resources)" % (out, len(template["Resources"])))


if __name__ == "__main__":
    main()
