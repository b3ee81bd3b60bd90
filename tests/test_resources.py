"""One browser, one id: Streamlit's XSRF cookie is masked afresh on every page load; its token is not."""

import os

from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from ui.resources import xsrf_token


def test_two_page_loads_of_one_browser_give_one_token_and_two_browsers_two():
    token = os.urandom(16)
    first, second = generate_xsrf_token_string(token), generate_xsrf_token_string(token)
    assert first != second  # what the browser sends after a reload
    assert xsrf_token(first) == xsrf_token(second) == token.hex()
    assert xsrf_token(generate_xsrf_token_string(os.urandom(16))) != token.hex()
    for other in ("an affinity cookie", "2|zz|00|1", "2|00|", ""):
        assert xsrf_token(other) == other  # anything else: as it is
