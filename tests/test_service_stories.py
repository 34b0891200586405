"""The generated conversation tests for service items stay in step with their scenarios."""

from __future__ import annotations

import importlib.util

from tests.conftest import PROJECT_ROOT


def test_bot_tests_for_service_items_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("service_stories", PROJECT_ROOT / "scripts" / "service_stories.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = module.OUT.read_text("utf-8")
    assert committed == module.render(), "run: .venv/bin/python scripts/service_stories.py"
