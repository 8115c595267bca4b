"""JSON log lines: request id, unit and user id, never personal data."""

import io
import json
import logging

import pytest
from django.db import connection

from config.celery import app, beat_heartbeat
from core.logs import JsonFormatter, slow_query_logger


@pytest.fixture
def log_lines():
    """Every line the console handler would print, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    zugong = logging.getLogger("zugong")
    level = zugong.level
    zugong.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    zugong.setLevel(level)


def test_a_request_logs_one_line_with_its_id_unit_and_user(tree, gql, log_lines):
    staff = tree.user("county_a", "registrar")
    client = gql(staff)

    status, _ = client.execute("{ me { username } }")
    response = client.client.get("/csrf/?name=张三")

    assert status == 200
    requests = [line for line in log_lines() if line["logger"] == "zugong.request"]
    assert [(line["method"], line["path"], line["status"]) for line in requests] == [
        ("POST", "/graphql/", 200),
        ("GET", "/csrf/", 200),
    ]
    last = requests[-1]
    assert last["requestId"] == response["X-Request-ID"]
    assert last["unit"] == staff.unit.code
    assert last["userId"] == staff.pk
    assert last["level"] == "INFO"
    assert last["time"].endswith("+08:00")
    assert "张三" not in json.dumps(requests, ensure_ascii=False)


def test_an_anonymous_request_has_no_user(client, log_lines, db):
    client.get("/csrf/")

    (line,) = [line for line in log_lines() if line["logger"] == "zugong.request"]
    assert line["userId"] is None
    assert len(line["requestId"]) == 16


def test_a_slow_query_is_logged_with_its_sql_but_not_its_parameters(
    settings, log_lines, db
):
    settings.SLOW_QUERY_MS = 0
    with connection.cursor() as cursor:  # the wrapper every connection has
        cursor.execute("SELECT %s::text", ["110101199001011234"])

    (line,) = [line for line in log_lines() if line.get("sql") == "SELECT %s::text"]
    assert line["sql"] == "SELECT %s::text"
    assert line["level"] == "WARNING"
    assert line["durationMs"] >= 0
    assert "110101199001011234" not in json.dumps(line)


def test_fast_queries_are_not_logged(settings, log_lines, db):
    settings.SLOW_QUERY_MS = 60_000
    with connection.execute_wrapper(slow_query_logger), connection.cursor() as cursor:
        cursor.execute("SELECT 1")

    assert not [line for line in log_lines() if line["logger"] == "zugong.slow_query"]


def test_every_new_connection_watches_for_slow_queries(db):
    from core.logs import slow_query_logger as wrapper

    connection.close()
    connection.ensure_connection()

    assert wrapper in connection.execute_wrappers


def test_an_error_line_carries_the_traceback(log_lines):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("zugong.test").exception("失败")

    (line,) = [line for line in log_lines() if line["logger"] == "zugong.test"]
    assert line["level"] == "ERROR"
    assert line["message"] == "失败"
    assert "ValueError: boom" in line["exception"]


def test_a_celery_task_logs_with_its_task_id(log_lines, db):
    result = beat_heartbeat.apply_async()

    (line,) = [line for line in log_lines() if line["logger"] == "zugong.task"]
    assert line["task"] == "core.beat_heartbeat"
    assert line["state"] == "SUCCESS"
    assert line["requestId"] == result.id
    assert app.conf.worker_hijack_root_logger is False


def test_the_console_prints_json_to_stdout(settings):
    handler = settings.LOGGING["handlers"]["console"]

    assert handler["stream"] == "ext://sys.stdout"
    assert handler["formatter"] == "json"


def test_celery_task_arguments_and_results_are_not_printed(log_lines, settings):
    logging.getLogger("celery.worker.strategy").warning(
        "Task received", extra={"data": {"args": "('张三', '13800000000')"}}
    )

    lines = log_lines()
    (line,) = [x for x in lines if x["logger"] == "celery.worker.strategy"]
    assert "data" not in line
    assert "张三" not in json.dumps(line, ensure_ascii=False)
    assert settings.LOGGING["loggers"]["celery.app.trace"]["level"] == "WARNING"


def test_django_request_lines_leave_out_the_query_string(log_lines, client, db):
    client.get("/reports/0/x.docx?name=张三")

    lines = [x for x in log_lines() if x["logger"] == "django.request"]
    assert lines and all("request" not in line for line in lines)
    assert "张三" not in json.dumps(lines, ensure_ascii=False)
