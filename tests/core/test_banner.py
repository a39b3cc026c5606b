from arraigo.core import banner
from arraigo.core.banner import banner_blocks, banner_register


def test_banner_prints_registered_blocks_with_lines_only(monkeypatch):
    monkeypatch.setattr(banner, "_blocks", [])
    banner_register(title="Empty:", lines=list)
    banner_register(title="Demo accounts:", lines=lambda: ["demo-auditor"])

    assert banner_blocks() == [("Demo accounts:", ["demo-auditor"])]


def test_the_demo_app_registers_its_accounts_block():
    from arraigo.demo.banner import demo_accounts_lines

    assert ("Demo accounts:", demo_accounts_lines) in banner._blocks
