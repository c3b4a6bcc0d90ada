#!/usr/bin/env bash
# Deploy the CRM to AWS as one CloudFormation stack (DESIGN §7).
#
#   infra/deploy.sh                 # stack "crm" in $AWS_REGION / $AWS_DEFAULT_REGION
#
# Environment:
#   CRM_STACK              stack name (default: crm)
#   CRM_MAIL_FROM_ADDRESS  SES sender address; required on the first deploy,
#                          kept from the previous deploy otherwise
#   CRM_MAIL_FROM_NAME     sender display name (default on first deploy: CRM)
#   CRM_CREATE_MAIL_IDENTITY=true  let the stack create the SES identity
#   CRM_PUBLIC_URL         https URL of a custom domain in front of the site
#                          (default: the CloudFront URL of the stack)
#   CRM_ARTIFACT_BUCKET    S3 bucket for the code package (default: created
#                          on first use, <stack>-artifacts-<account>-<region>)
#   PYTHON, CHALICE, AWS   commands to use (default: python3, chalice, aws)
#
# Needs AWS credentials; nothing else in the project does.
set -euo pipefail

cd "$(dirname "$0")/.."

STACK="${CRM_STACK:-crm}"
PYTHON="${PYTHON:-python3}"
CHALICE="${CHALICE:-chalice}"
AWS="${AWS:-aws}"
REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-$($AWS configure get region || true)}}"
if [[ -z "$REGION" ]]; then
    echo "deploy: set AWS_REGION (or AWS_DEFAULT_REGION)" >&2
    exit 2
fi
export AWS_DEFAULT_REGION="$REGION" AWS_REGION="$REGION"

BUILD=build
PACKAGE_DIR="$BUILD/package"
MERGE_TEMPLATE="$BUILD/merge-template.json"
PACKAGED_TEMPLATE="$BUILD/packaged.yaml"

log() { echo "deploy: $*" >&2; }

stack_status() {
    $AWS cloudformation describe-stacks --stack-name "$STACK" \
        --query 'Stacks[0].StackStatus' --output text 2>/dev/null || echo NONE
}

output() {
    $AWS cloudformation describe-stacks --stack-name "$STACK" \
        --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text
}

# 1. Template and code package.
rm -rf "$PACKAGE_DIR"
"$PYTHON" infra/build_template.py --stage api --out "$MERGE_TEMPLATE"
"$CHALICE" package --stage api --merge-template "$MERGE_TEMPLATE" "$PACKAGE_DIR"
"$PYTHON" infra/slim_package.py "$PACKAGE_DIR/deployment.zip"

# 2. Upload the code where CloudFormation can read it.
ACCOUNT="$($AWS sts get-caller-identity --query Account --output text)"
ARTIFACT_BUCKET="${CRM_ARTIFACT_BUCKET:-$STACK-artifacts-$ACCOUNT-$REGION}"
if ! $AWS s3api head-bucket --bucket "$ARTIFACT_BUCKET" >/dev/null 2>&1; then
    log "creating artifact bucket $ARTIFACT_BUCKET"
    if [[ "$REGION" == "us-east-1" ]]; then
        $AWS s3api create-bucket --bucket "$ARTIFACT_BUCKET" >/dev/null
    else
        $AWS s3api create-bucket --bucket "$ARTIFACT_BUCKET" \
            --create-bucket-configuration "LocationConstraint=$REGION" >/dev/null
    fi
    $AWS s3api put-public-access-block --bucket "$ARTIFACT_BUCKET" \
        --public-access-block-configuration \
        BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
fi
$AWS cloudformation package \
    --template-file "$PACKAGE_DIR/sam.json" \
    --s3-bucket "$ARTIFACT_BUCKET" --s3-prefix "$STACK" \
    --output-template-file "$PACKAGED_TEMPLATE"

# 3. Deploy. Parameters not given keep their previous values.
STATUS="$(stack_status)"
if [[ "$STATUS" == "ROLLBACK_COMPLETE" ]]; then
    log "stack $STACK is in ROLLBACK_COMPLETE (failed creation): delete it first"
    exit 1
fi
PARAMS=()
if [[ -n "${CRM_MAIL_FROM_ADDRESS:-}" ]]; then
    PARAMS+=("MailFromAddress=$CRM_MAIL_FROM_ADDRESS")
elif [[ "$STATUS" == "NONE" ]]; then
    log "set CRM_MAIL_FROM_ADDRESS (the SES sender) for the first deploy"
    exit 2
fi
if [[ -n "${CRM_MAIL_FROM_NAME:-}" ]]; then
    PARAMS+=("MailFromName=$CRM_MAIL_FROM_NAME")
fi
if [[ "$STATUS" == "NONE" ]]; then
    # CloudFront's secret to the API (X-Crm-Origin): made once, kept by later deploys.
    PARAMS+=("OriginSecret=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(32))')")
fi
if [[ -n "${CRM_CREATE_MAIL_IDENTITY:-}" ]]; then
    PARAMS+=("CreateMailIdentity=$CRM_CREATE_MAIL_IDENTITY")
fi

# The API handler cannot reference the distribution in the template (the
# distribution's API origin depends on the API, which depends on the
# handler), so its public URL is a parameter: the custom domain if given,
# else the stack's own CloudFront URL.
PUBLIC_URL="${CRM_PUBLIC_URL:-}"
if [[ -z "$PUBLIC_URL" && "$STATUS" != "NONE" ]]; then
    PUBLIC_URL="$(output SiteUrl)"
    if [[ "$PUBLIC_URL" == "None" ]]; then PUBLIC_URL=""; fi
fi

deploy() {
    $AWS cloudformation deploy \
        --stack-name "$STACK" \
        --template-file "$PACKAGED_TEMPLATE" \
        --s3-bucket "$ARTIFACT_BUCKET" --s3-prefix "$STACK" \
        --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
        --no-fail-on-empty-changeset \
        --parameter-overrides "$@"
}

deploy "${PARAMS[@]}" "PublicUrl=$PUBLIC_URL"
if [[ -z "$PUBLIC_URL" ]]; then
    # First creation: now the CloudFront URL exists, give it to the API.
    PUBLIC_URL="$(output SiteUrl)"
    log "setting PublicUrl=$PUBLIC_URL"
    deploy "${PARAMS[@]}" "PublicUrl=$PUBLIC_URL"
fi

# 4. The static site, then drop CloudFront's cached copies.
SITE_BUCKET="$(output SiteBucketName)"
DISTRIBUTION_ID="$(output DistributionId)"
# Browsers revalidate every file (unhashed ES modules must not mix versions);
# CloudFront keeps them for a day and is invalidated below.
$AWS s3 sync site/ "s3://$SITE_BUCKET/" --delete --exclude '.*' --exclude '*/.*' \
    --cache-control 'public, max-age=0, must-revalidate, s-maxage=86400'
INVALIDATION="$($AWS cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" \
    --paths '/*' --query Invalidation.Id --output text)"
log "invalidation $INVALIDATION started"

log "done: $PUBLIC_URL (table $(output TableName))"
