"""What the boto3 scripts share: clients of a local amisdk endpoint, and their checks."""
import boto3
import botocore.exceptions


def client(service, url, account, region="us-east-1"):
    """boto3's own client of `service` against the endpoint at `url`, acting as `account`."""
    return boto3.client(service, endpoint_url=url, region_name=region,
                        aws_access_key_id=account, aws_secret_access_key="local")


def expect_error(code, call):
    """Runs `call` and returns the error response; fails unless it raises ClientError with `code`."""
    try:
        call()
    except botocore.exceptions.ClientError as e:
        got = e.response["Error"]["Code"]
        if got != code:
            raise AssertionError("expected %s, got %s: %s" % (code, got, e))
        return e.response
    raise AssertionError("expected %s, the call succeeded" % code)


def check(condition, what):
    """Fails with `what` unless `condition` holds (kept when Python runs with -O, unlike assert)."""
    if not condition:
        raise AssertionError(what)
