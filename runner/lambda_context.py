"""The `context` object Lambda hands to a handler, as far as handlers use it."""
import time
import uuid


class LambdaContext:
    """A Lambda context for one invocation of `function_name`."""

    def __init__(self, function_name, timeout_seconds=900, memory_mb=512,
                 region="eu-west-3", account="000000000000"):
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = memory_mb
        self.invoked_function_arn = f"arn:aws:lambda:{region}:{account}:function:{function_name}"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self):
        """Milliseconds left before Lambda would stop this invocation."""
        return max(0, int((self._deadline - time.monotonic()) * 1000))
