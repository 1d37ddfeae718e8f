"""gunicorn's own log lines follow RENKEI_LOG_FORMAT, as every other line of renkei."""

import io
import json
import logging

from gunicorn.config import Config

from renkei.core.management.commands import serve


def test_gunicorn_is_given_the_json_logger_when_the_log_is_json(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.RENKEI_LOG_FORMAT = "json"
    argv, _env = serve.gunicorn_child("127.0.0.1", 8000, 2, 4, {})
    assert argv[argv.index("--logger-class") + 1] == (
        "renkei.core.management.commands.serve.JsonGunicornLogger"
    )

    settings.RENKEI_LOG_FORMAT = "text"
    argv, _env = serve.gunicorn_child("127.0.0.1", 8000, 2, 4, {})
    assert "--logger-class" not in argv


def test_gunicorns_error_and_access_lines_are_one_json_object_each():
    config = Config()
    config.set("accesslog", "-")
    logger = serve.JsonGunicornLogger(config)
    stream = io.StringIO()
    for log in (logger.error_log, logger.access_log):
        for handler in log.handlers:
            assert isinstance(handler, logging.StreamHandler)
            handler.setStream(stream)

    logger.info("Booting worker with pid: %s", 4242)
    logger.access_log.info('127.0.0.1 "GET /healthz HTTP/1.1" 200')

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(line["logger"], line["level"]) for line in lines] == [
        ("gunicorn.error", "INFO"),
        ("gunicorn.access", "INFO"),
    ]
    assert lines[0]["message"] == "Booting worker with pid: 4242"
    assert lines[1]["message"].endswith('"GET /healthz HTTP/1.1" 200')
