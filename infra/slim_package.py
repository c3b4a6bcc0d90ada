"""Drop the AWS API descriptions the functions never use from the Lambda zip, and ship bytecode.

botocore ships the JSON model of every AWS service (about 16 MB zipped of the
19 MB package) and loads only those of the clients it builds. The functions
build DynamoDB, DynamoDB Streams and SES clients (S3 and STS kept for the
mail and deploy paths to come); the rest is dead weight against DESIGN
§11's 20 MB budget. tests/infra imports the app from the slimmed zip and
builds each kept client, so a new client without its model fails there.

Lambda's /var/task is read-only, so Python cannot cache the bytecode it
compiles: without .pyc files in the zip, every cold start compiles the app
and every library it imports (tens of milliseconds). The zip gets them,
compiled by the Python that packages (the runtime chalice chose), as
unchecked-hash .pyc files: valid whatever the files' times once unzipped.

Usage: python infra/slim_package.py build/package/deployment.zip
"""
import importlib.util
import os
import sys
import zipfile

KEEP_SERVICES = {"dynamodb", "dynamodbstreams", "ses", "sesv2", "s3", "sts"}
DATA_DIRS = ("botocore/data/", "boto3/data/")


def unused(name):
    """True for a file of a service model the functions never load."""
    for prefix in DATA_DIRS:
        if name.startswith(prefix):
            rest = name[len(prefix):]
            return "/" in rest and rest.split("/", 1)[0] not in KEEP_SERVICES
    return False


def bytecode(name, source):
    """(path in the zip, unchecked-hash .pyc bytes) of the module `name` holding `source`."""
    from importlib._bootstrap_external import _code_to_hash_pyc

    code = compile(source, name, "exec", dont_inherit=True)
    pyc = _code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)
    return importlib.util.cache_from_source(name), bytes(pyc)


def slim(path):
    """Rewrite the zip at `path` without unused service models and with bytecode; (before, after) bytes."""
    before = os.path.getsize(path)
    slimmed = path + ".slim"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(slimmed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            # Bytecode a developer's tree left behind is timestamp-checked against the
            # times of the unzipped files: never valid there. Ours replaces it.
            if unused(info.filename) or "/__pycache__/" in f"/{info.filename}":
                continue
            data = source.read(info.filename)
            target.writestr(info, data)
            if info.filename.endswith(".py"):
                try:
                    cached, pyc = bytecode(info.filename, data)
                except SyntaxError:
                    continue  # a file for another Python (some libraries ship them): imported never
                target.writestr(zipfile.ZipInfo(cached, date_time=info.date_time), pyc,
                                compress_type=zipfile.ZIP_DEFLATED)
    os.replace(slimmed, path)
    return before, os.path.getsize(path)


if __name__ == "__main__":
    before, after = slim(sys.argv[1])
    print(f"Lambda package slimmed: {before / 1e6:.2f} MB -> {after / 1e6:.2f} MB")
