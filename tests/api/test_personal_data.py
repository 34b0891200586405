"""Personal data masked in logs and exports, and nothing else touched."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from api.personal_data import MaskingFilter, mask
from api.settings import get_settings
from api.store.conversations import add_message, get_or_create_conversation
from api.store.database import open_database


@pytest.mark.parametrize(
    ("said", "masked"),
    [
        ("手机 13912345678", "手机 139****5678"),
        ("手机+86 13912345678。", "手机+86 139****5678。"),
        ("身份证31010119900101123X", "身份证310101********123X"),
        ("信用代码 91310115MA1K3YJ75C 的企业", "信用代码 9131**********J75C 的企业"),
    ],
)
def test_personal_data_is_masked(said: str, masked: str) -> None:
    assert mask(said) == masked


@pytest.mark.parametrize(
    "said",
    [
        "沪环综〔2021〕224号第十四条",
        "罚款二十万元以上一百万元以下，即200000元至1000000元",
        "2026年11月30日前提交，座机021-12345678，热线12369",
        "排污许可证编号91310115MA1K3YJ",  # too short for a credit code
        "项目投资12345678901234567890元",  # a long run of digits is no phone number
    ],
)
def test_everything_else_is_left_alone(said: str) -> None:
    assert mask(said) == said


def test_a_log_record_carrying_a_phone_number_is_masked(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.personal_data")
    caplog.handler.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="tests.personal_data"):
        logger.info("callback requested: %s", "13812345678")
    assert "13812345678" not in caplog.text and "138****5678" in caplog.text


def test_export_writes_masked_json_lines(home: Path, tmp_path: Path) -> None:
    db = open_database(get_settings().database_path)
    conversation = get_or_create_conversation(db, channel="web", session_id="s1")
    add_message(db, conversation_id=conversation.id, sender="user", text="请回电13812345678")
    out = tmp_path / "export.jsonl"
    result = CliRunner().invoke(main, ["export", "--days", "1", "--output", str(out)])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert (line["sender"], line["text"], line["channel"]) == ("user", "请回电138****5678", "web")
