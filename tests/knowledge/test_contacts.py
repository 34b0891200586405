"""The bureau's channels as data: values shown as stated, placeholders never filled in."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.contacts import ContactsError, load_contacts


def test_the_shipped_channels_load_and_the_national_hotline_is_stated() -> None:
    contacts = load_contacts()
    assert "全国生态环境举报热线：12369" in [c.line() for c in contacts.reporting]
    assert contacts.reporting_basis.article == "第五十七条"
    assert all(c.placeholder and "待公布" in c.line() for c in contacts.consultation)  # nothing invented


def test_lines_list_every_channel() -> None:
    contacts = load_contacts()
    lines = contacts.lines(contacts.reporting).splitlines()
    assert len(lines) == len(contacts.reporting) and all(line.startswith("- ") for line in lines)


@pytest.mark.parametrize(
    "channel",
    ["{name: 电话}", "{name: 电话, value: '1', placeholder: 电话号码}", "{name: 电话, fax: '1'}"],
)
def test_a_malformed_channel_is_refused_with_the_file_named(tmp_path: Path, channel: str) -> None:
    path = tmp_path / "contacts.yml"
    path.write_text(
        f"consultation: [{channel}]\nreporting: []\nreporting_basis: {{document: D, article: 第一条}}\n", "utf-8"
    )
    with pytest.raises(ContactsError, match=r"contacts\.yml"):
        load_contacts(path)
