"""mesdesk.installation: a bundle's files first, then a wheel's, then the checkout's."""

from __future__ import annotations

import sys

from mesdesk import installation


def test_the_checkout_has_the_run_time_folders() -> None:
    assert (installation.find("migrations", "env.py") / "env.py").is_file()
    assert (installation.find("resources/fonts") / "DejaVuSans.ttf").is_file()


def test_a_bundle_comes_first(tmp_path, monkeypatch) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "env.py").write_text("")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert installation.find("migrations", "env.py") == tmp_path / "migrations"
    # What the bundle lacks is looked for further on, and named at the bundle when missing.
    assert installation.find("resources/fonts") == installation.CHECKOUT / "resources/fonts"
    assert installation.find("nowhere") == tmp_path / "nowhere"


def test_a_wheel_keeps_them_inside_the_package(tmp_path, monkeypatch) -> None:
    (tmp_path / "resources" / "translations").mkdir(parents=True)
    monkeypatch.setattr(installation, "PACKAGED", tmp_path)
    assert installation.find("resources/translations") == tmp_path / "resources/translations"
