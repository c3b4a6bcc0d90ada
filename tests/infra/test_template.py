"""The packaged CloudFormation stack (DESIGN §7), built offline as CI builds it.

Runs `infra/build_template.py` and `chalice package --merge-template` into a
temporary directory without any AWS credential, then checks the template
(stream wiring, failure handling, the one table definition, the CSP, least
privilege IAM, API Gateway's error answers), lints it with cfn-lint and
checks the size of the Lambda package (DESIGN §11).
"""
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STAGE = "api"
TABLE = "CrmTable"
DLQ = "StreamDeadLetterQueue"
MAX_ZIP_BYTES = 20 * 1000 * 1000  # DESIGN §11: Lambda package <= 20 MB zipped
REQUIRED_ENV = {"CRM_TABLE", "CRM_PUBLIC_URL", "CRM_MAIL_BACKEND", "CRM_MAIL_FROM",
                "CRM_COOKIE_SECURE"}
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

sys.path.insert(0, str(ROOT))


def _tool(script, module_main):
    """Command for a console script of this interpreter's environment."""
    path = Path(sys.executable).parent / script
    if path.exists():
        return [str(path)]
    return [sys.executable, "-c",
            "import sys; from %s import main; sys.exit(main())" % module_main]


def _offline_env():
    """The environment of a CI run: a region, and no AWS credential at all."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") or k == "AWS_DEFAULT_REGION"}
    env.setdefault("AWS_DEFAULT_REGION", "eu-west-3")
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    return env


def _run(cmd, **kwargs):
    result = subprocess.run(cmd, cwd=ROOT, env=_offline_env(), capture_output=True,
                            text=True, **kwargs)
    return result


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    if not (ROOT / "app.py").exists():
        pytest.skip("app.py does not exist yet")
    out = tmp_path_factory.mktemp("package")
    merge = out / "merge-template.json"
    built = _run([sys.executable, "infra/build_template.py", "--stage", STAGE,
                  "--out", str(merge)], timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    packaged = _run(_tool("chalice", "chalice.cli") + [
        "package", "--stage", STAGE, "--merge-template", str(merge), str(out / "pkg")],
        timeout=900)
    assert packaged.returncode == 0, packaged.stdout + packaged.stderr
    slimmed = _run([sys.executable, "infra/slim_package.py", str(out / "pkg" / "deployment.zip")])
    assert slimmed.returncode == 0, slimmed.stdout + slimmed.stderr
    sam = out / "pkg" / "sam.json"
    return {
        "dir": out / "pkg",
        "sam_path": sam,
        "text": sam.read_text(),
        "template": json.loads(sam.read_text()),
        "merge": json.loads(merge.read_text()),
    }


def _resources(template, kind):
    return {name: r for name, r in template["Resources"].items() if r.get("Type") == kind}


def _functions(template):
    return _resources(template, "AWS::Serverless::Function")


def _stream_events(template):
    events = []
    for name, function in _functions(template).items():
        for event_name, event in function["Properties"].get("Events", {}).items():
            if event.get("Type") == "DynamoDB":
                events.append((name, event_name, event["Properties"]))
    return events


def _as_list(value):
    return value if isinstance(value, list) else [value]


def test_every_merged_resource_exists_in_chalice_output(package):
    # A logical id that drifted from Chalice's would create a resource
    # without a Type instead of configuring the real one.
    typeless = [n for n, r in package["template"]["Resources"].items() if "Type" not in r]
    assert typeless == []


def test_stream_is_wired_by_getatt_never_by_arn(package):
    events = _stream_events(package["template"])
    assert events, "no DynamoDB stream handler in the packaged template"
    for _, _, props in events:
        assert props["Stream"] == {"Fn::GetAtt": [TABLE, "StreamArn"]}
    assert "arn:aws:dynamodb" not in package["text"]


def test_a_poison_record_cannot_block_the_stream(package):
    template = package["template"]
    assert template["Resources"][DLQ]["Type"] == "AWS::SQS::Queue"
    for _, _, props in _stream_events(template):
        assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert props["BisectBatchOnFunctionError"] is True
        assert 0 <= props["MaximumRetryAttempts"] <= 100
        assert props["DestinationConfig"]["OnFailure"] == {
            "Type": "SQS", "Destination": {"Fn::GetAtt": [DLQ, "Arn"]}}


def test_table_is_the_one_definition(package):
    from chalicelib.storage.tables import TABLE_PROPERTIES

    tables = _resources(package["template"], "AWS::DynamoDB::Table")
    assert list(tables) == [TABLE]
    table = tables[TABLE]
    assert table["Properties"] == TABLE_PROPERTIES
    assert table["DeletionPolicy"] == "Retain"
    assert table["UpdateReplacePolicy"] == "Retain"


def test_every_function_gets_its_environment(package):
    for name, function in _functions(package["template"]).items():
        variables = function["Properties"]["Environment"]["Variables"]
        assert REQUIRED_ENV <= set(variables), name
        assert variables["CRM_TABLE"] == {"Ref": TABLE}
        assert variables["CRM_MAIL_BACKEND"] == "ses"
        assert variables["CRM_COOKIE_SECURE"] == "1"
        assert variables["CRM_TRUSTED_PROXY_HOPS"] == "1"  # CloudFront appends the viewer's address
        assert variables["CRM_ORIGIN_SECRET"] == {"Ref": "OriginSecret"}
        assert "Ref" in function["Properties"]["LoggingConfig"]["LogGroup"]


def test_cloudfront_proves_itself_to_the_api_with_a_secret_header(package):
    from chalicelib.config import ORIGIN_HEADER

    template = package["template"]
    assert template["Parameters"]["OriginSecret"]["NoEcho"] is True
    (dist,) = _resources(template, "AWS::CloudFront::Distribution").values()
    origins = {o["Id"]: o for o in dist["Properties"]["DistributionConfig"]["Origins"]}
    assert origins["api"]["OriginCustomHeaders"] == [{"HeaderName": ORIGIN_HEADER,
                                                     "HeaderValue": {"Ref": "OriginSecret"}}]
    assert "OriginCustomHeaders" not in origins["site"]


def test_csp_is_the_apps_csp(package):
    from chalicelib.security_headers import SECURITY_HEADERS

    policies = _resources(package["template"], "AWS::CloudFront::ResponseHeadersPolicy")
    assert len(policies) == 1
    (policy_id, policy), = policies.items()
    config = policy["Properties"]["ResponseHeadersPolicyConfig"]
    csp = config["SecurityHeadersConfig"]["ContentSecurityPolicy"]
    text, names = csp["ContentSecurityPolicy"]["Fn::Sub"]
    files = " https://${FilesBucketName}.s3.${AWS::Region}.amazonaws.com https://${FilesBucketName}.s3.amazonaws.com"
    # The app's CSP, plus the files bucket where the page uploads and shows previews.
    assert text.replace(files, "") == SECURITY_HEADERS["Content-Security-Policy"]
    assert f"connect-src 'self'{files};" in text and f"img-src 'self' data:{files};" in text
    bucket = package["template"]["Resources"]["FilesBucket"]["Properties"]["BucketName"]
    assert names["FilesBucketName"] == bucket
    assert csp["Override"] is True
    # Both the site and the API answer with it.
    (dist,) = _resources(package["template"], "AWS::CloudFront::Distribution").values()
    dist_config = dist["Properties"]["DistributionConfig"]
    behaviours = [dist_config["DefaultCacheBehavior"]] + dist_config["CacheBehaviors"]
    assert all(b["ResponseHeadersPolicyId"] == {"Ref": policy_id} for b in behaviours)


def test_cloudfront_serves_the_site_and_routes_api_to_api_gateway(package):
    template = package["template"]
    (dist,) = _resources(template, "AWS::CloudFront::Distribution").values()
    config = dist["Properties"]["DistributionConfig"]
    origins = {o["Id"]: o for o in config["Origins"]}
    site = origins[config["DefaultCacheBehavior"]["TargetOriginId"]]
    assert "OriginAccessControlId" in site and site["S3OriginConfig"] == {
        "OriginAccessIdentity": ""}
    assert config["DefaultRootObject"] == "index.html"
    (api,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    api_origin = origins[api["TargetOriginId"]]
    assert "${RestAPI}" in api_origin["DomainName"]["Fn::Sub"]
    assert "OriginPath" not in api_origin  # /api/x reaches the stage named "api"
    assert api["CachePolicyId"] == CACHING_DISABLED
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST
    assert set(api["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH",
                                          "POST", "DELETE"}
    assert template["Resources"]["RestAPI"]["Properties"]["StageName"] == "api"
    buckets = _resources(template, "AWS::S3::Bucket")
    assert set(buckets) == {"SiteBucket", "FilesBucket"}
    for bucket in buckets.values():
        assert all(bucket["Properties"]["PublicAccessBlockConfiguration"].values())
        assert bucket["Properties"]["BucketEncryption"]


def test_the_files_bucket_is_private_and_answers_the_sites_origin_only(package):
    template = package["template"]
    bucket = template["Resources"]["FilesBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert not _resources(template, "AWS::S3::BucketPolicy").keys() - {"SiteBucketPolicy"}  # no policy opens it
    (rule,) = bucket["CorsConfiguration"]["CorsRules"]
    assert rule["AllowedOrigins"] == [{"Fn::If": ["HasPublicUrl", {"Ref": "PublicUrl"},
                                                  {"Fn::Sub": "https://${SiteDistribution.DomainName}"}]}]
    assert set(rule["AllowedMethods"]) == {"POST", "GET", "HEAD"}
    for function in _functions(template).values():
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["CRM_FILES_BACKEND"] == "s3" and variables["CRM_FILES_BUCKET"] == bucket["BucketName"]
    for role in _resources(template, "AWS::IAM::Role").values():
        (files,) = [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]
                    if s.get("Sid") == "Files"]
        assert bucket["BucketName"] in files["Resource"]["Fn::Join"][1][0]["Fn::Join"][1]
        assert files["Resource"]["Fn::Join"][1][1] == "/files/*"


def test_api_gateway_errors_have_the_api_error_shape(package):
    responses = package["template"]["Resources"]["RestAPI"]["Properties"]["GatewayResponses"]
    expected = {
        "MISSING_AUTHENTICATION_TOKEN": ("404", "not_found"),
        "REQUEST_TOO_LARGE": ("413", "payload_too_large"),
        "THROTTLED": ("429", "rate_limited"),
        "DEFAULT_4XX": (None, None),
        "DEFAULT_5XX": (None, None),
    }
    for kind, (status, code) in expected.items():
        response = responses[kind]
        assert response.get("StatusCode") == status, kind
        body = json.loads(response["ResponseTemplates"]["application/json"])
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "details"}
        if code:
            assert body["error"]["code"] == code
    assert json.loads(responses["MISSING_AUTHENTICATION_TOKEN"]["ResponseTemplates"][
        "application/json"]) == {"error": {"code": "not_found",
                                           "message": "No such endpoint.", "details": {}}}


def test_iam_is_least_privilege(package):
    template = package["template"]
    roles = _resources(template, "AWS::IAM::Role")
    function_roles = {f["Properties"]["Role"]["Fn::GetAtt"][0]
                      for f in _functions(template).values()}
    assert function_roles <= set(roles)
    for role_name, role in roles.items():
        statements = [s for p in role["Properties"]["Policies"]
                      for s in p["PolicyDocument"]["Statement"]]
        for statement in statements:
            assert statement["Effect"] == "Allow"
            actions = _as_list(statement["Action"])
            resources = _as_list(statement["Resource"])
            for action in actions:
                assert action != "*" and not action.endswith(":*"), (role_name, action)
            if any(a.startswith("dynamodb:") for a in actions):
                # Scoped to this stack's table by Fn::GetAtt / Fn::Sub on it.
                for resource in resources:
                    assert resource != "*", role_name
                    assert isinstance(resource, dict), (role_name, resource)
                    assert TABLE in json.dumps(resource), (role_name, resource)
        # The Chalice policy file (no Fn::GetAtt possible) was replaced.
        assert any(s.get("Sid") == "CrmTable" for s in statements), role_name
    # Only the stream function reads the stream and writes to the DLQ.
    stream_roles = {template["Resources"][f]["Properties"]["Role"]["Fn::GetAtt"][0]
                    for f, _, _ in _stream_events(template)}
    for role_name, role in roles.items():
        text = json.dumps(role["Properties"]["Policies"])
        assert ("dynamodb:GetRecords" in text) == (role_name in stream_roles), role_name
        assert ("sqs:SendMessage" in text) == (role_name in stream_roles), role_name


def test_cfn_lint_passes(package):
    lint = _run(_tool("cfn-lint", "cfnlint.runner") + [str(package["sam_path"])],
                timeout=300)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_transformed_template_lints_without_cycles(package, tmp_path, monkeypatch):
    """cfn-lint checks SAM templates untransformed, where it cannot see cycles
    such as API handler -> distribution -> REST API -> API handler; lint the
    output of the real SAM transform when the translator is installed."""
    transform = pytest.importorskip("samtranslator.translator.transform").transform

    class _NoManagedPolicies:
        def load(self):
            return {}

    template = json.loads(package["text"])
    for function in _functions(template).values():
        function["Properties"]["CodeUri"] = "s3://artifacts/deployment.zip"
    monkeypatch.setenv("AWS_DEFAULT_REGION", os.environ.get("AWS_DEFAULT_REGION", "eu-west-3"))
    cfn = transform(template, {}, _NoManagedPolicies())
    out = tmp_path / "transformed.json"
    out.write_text(json.dumps(cfn))
    lint = _run(_tool("cfn-lint", "cfnlint.runner") + [str(out)], timeout=300)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_lambda_package_fits_the_budget(package, capsys):
    assert (ROOT / "requirements.txt").exists(), "requirements.txt is missing"
    archive = package["dir"] / "deployment.zip"
    size = archive.stat().st_size
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
    with capsys.disabled():
        print("\nLambda package: %s bytes (%.2f MB, %.2f MiB), limit %.0f MB"
              % (size, size / 1e6, size / 2**20, MAX_ZIP_BYTES / 1e6))
    assert "app.py" in names and any(n.startswith("chalicelib/") for n in names)
    assert size <= MAX_ZIP_BYTES


def test_the_slimmed_package_still_runs_the_app_and_builds_its_clients(package, tmp_path):
    """Import the app from the zip alone and build every AWS client the functions use."""
    with zipfile.ZipFile(package["dir"] / "deployment.zip") as zipped:
        zipped.extractall(tmp_path / "lambda")
    from infra.slim_package import KEEP_SERVICES

    script = ("import boto3, app; from chalicelib.storage import models\n"
              f"for service in {sorted(KEEP_SERVICES)!r}:\n"
              "    boto3.client(service, region_name='eu-west-3')\n"
              "print('ok')")
    env = {**_offline_env(), "PYTHONPATH": str(tmp_path / "lambda"), "PYTHONNOUSERSITE": "1"}
    result = subprocess.run([sys.executable, "-S", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr


def test_the_package_ships_bytecode_that_python_uses_as_is(package, tmp_path):
    """Lambda cannot write __pycache__: every module of the zip comes with its compiled form."""
    with zipfile.ZipFile(package["dir"] / "deployment.zip") as zipped:
        names = set(zipped.namelist())
        zipped.extractall(tmp_path / "lambda")
    modules = [n for n in names if n.endswith(".py") and n.startswith(("chalicelib/", "pynamodb/", "botocore/"))]
    missing = [n for n in modules if importlib.util.cache_from_source(n) not in names]
    assert modules and not missing, missing[:10]
    # Read-only, no bytecode writing: the app must still import from the shipped .pyc files only.
    script = ("import sys, app, chalicelib.services.records\n"
              "print(sum(1 for m in sys.modules.values() if getattr(m, '__cached__', None)))")
    env = {**_offline_env(), "PYTHONPATH": str(tmp_path / "lambda"), "PYTHONDONTWRITEBYTECODE": "1"}
    for source in (tmp_path / "lambda" / "chalicelib").rglob("*.py"):
        source.write_text("raise SystemExit('the source was compiled instead of the shipped bytecode')\n")
    result = subprocess.run([sys.executable, "-S", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
