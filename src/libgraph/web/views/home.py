"""The home page."""

from __future__ import annotations

from flask import Blueprint, Response

from ..data.home import home_data
from ..render import render_page, twin_route
from ..state import page_context

bp = Blueprint("home", __name__)


@twin_route(bp, "/")
def index() -> Response:
    """What the dataset holds per country, the latest meetings and a search box."""
    return render_page("home/index.html", home_data(page_context()))
