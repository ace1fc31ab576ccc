"""The home page."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from ..data.home import home_data
from ..render import render_page, twin_route
from ..state import page_context

bp = Blueprint("home", __name__)


@twin_route(bp, "/")
def index() -> Response:
    """What the dataset holds per country, the latest meetings and a search box."""
    return render_page("home/index.html", home_data(page_context()))


@bp.route("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says; give them the SVG icon."""
    return current_app.send_static_file("favicon.svg")
