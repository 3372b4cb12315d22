"""In headless Chromium: pricing page -> choose Pro -> redirected to the checkout URL the gateway returned."""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.browser


@pytest.fixture
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs the selenium package (requirements-dev.txt)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    # An explicit driver path: Selenium Manager never tries to download a browser or driver.
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_choosing_pro_on_the_pricing_page_lands_on_stripe_checkout(
    browser, live_server, transactional_db, client, user, fake_stripe, priced_plans
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    client.force_login(user)
    browser.get(f"{live_server.url}/pricing/")
    browser.add_cookie({"name": "sessionid", "value": client.cookies["sessionid"].value, "path": "/"})
    browser.get(f"{live_server.url}/pricing/")
    assert "Your current plan" in browser.page_source

    browser.find_element(By.CSS_SELECTOR, 'button[data-plan="pro"]').click()
    WebDriverWait(browser, 20).until(lambda driver: driver.current_url.startswith(fake_stripe.base))

    (checkout_url,) = fake_stripe.returned_urls
    assert browser.current_url == checkout_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "Stripe Checkout (test)"
    (session,) = fake_stripe.calls("/v1/checkout/sessions")
    assert session.form["line_items[0][price]"] == "price_pro_month"
    assert session.form["client_reference_id"] == str(user.pk)
