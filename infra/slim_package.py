"""Drop the AWS API descriptions the functions never use from the Lambda zip.

botocore ships the JSON model of every AWS service (about 16 MB zipped of the
19 MB package) and loads only those of the clients it builds. The functions
build DynamoDB, DynamoDB Streams and SES clients (S3 and STS kept for the
mail and deploy paths to come); the rest is dead weight against DESIGN
§11's 20 MB budget. tests/infra imports the app from the slimmed zip and
builds each kept client, so a new client without its model fails there.

Usage: python infra/slim_package.py build/package/deployment.zip
"""
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


def slim(path):
    """Rewrite the zip at `path` without unused service models; return (before, after) bytes."""
    before = os.path.getsize(path)
    slimmed = path + ".slim"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(slimmed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if not unused(info.filename):
                target.writestr(info, source.read(info.filename))
    os.replace(slimmed, path)
    return before, os.path.getsize(path)


if __name__ == "__main__":
    before, after = slim(sys.argv[1])
    print(f"Lambda package slimmed: {before / 1e6:.2f} MB -> {after / 1e6:.2f} MB")
