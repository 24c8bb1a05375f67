"""gunicorn's settings for `make serve`: its own lines (worker boot, timeouts, crashes) in the same JSON form as the
application's, so every line of the server's output parses the same way. Access lines come from
gaoxin.core.logs.RequestIdMiddleware, which knows the request id; gunicorn's access log stays off."""

import os

from gaoxin.core.logs import logging_config

_config = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO"), json_lines=os.environ.get("LOG_FORMAT", "json") == "json"
)
_config["loggers"]["gunicorn.error"] = {"handlers": ["console"], "level": "INFO", "propagate": False}
logconfig_dict = _config
accesslog = None
# gunicorn 25+ listens on a control socket (~/.gunicorn/gunicorn.ctl) that can reload and stop the server; nothing of
# ours uses it, so it is one way in fewer (等保 8.1.4.4: 关闭不需要的系统服务).
control_socket_disable = True
