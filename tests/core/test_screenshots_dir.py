"""Browser tests write their screenshots outside the work tree unless asked to
(`make screenshots` sets KIVOUCHER_SCREENSHOTS_DIR to docs/screenshots/)."""

from pathlib import Path

from tests.browser import helpers

ROOT = Path(__file__).resolve().parents[2]


class FakePage:
    """Just what `helpers.screenshot` calls on a Playwright page."""

    viewport_size = helpers.DESKTOP

    def evaluate(self, script):
        return None

    def set_viewport_size(self, size):
        self.viewport_size = size

    def screenshot(self, *, path, **kwargs):
        Path(path).write_bytes(b"png")


def test_screenshots_go_to_a_temporary_folder_by_default(monkeypatch):
    monkeypatch.delenv(helpers.SCREENSHOTS_ENV, raising=False)
    paths = helpers.screenshot(FakePage(), "kv-test-default")
    try:
        assert len(paths) == 2
        for path in paths:
            assert path.exists()
            assert not path.resolve().is_relative_to(ROOT)
    finally:
        for path in paths:
            path.unlink(missing_ok=True)


def test_screenshots_go_where_the_environment_says(monkeypatch, tmp_path):
    monkeypatch.setenv(helpers.SCREENSHOTS_ENV, str(tmp_path / "shots"))
    paths = helpers.screenshot(FakePage(), "kv-test-asked")
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == [
        "kv-test-asked-desktop.png",
        "kv-test-asked-mobile.png",
    ]
    assert all(p.parent == tmp_path / "shots" for p in paths)
