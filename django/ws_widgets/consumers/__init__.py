"""The Channels consumers of ws_widgets."""

from .base import WidgetConsumer
from .gcode import GcodeDashboardConsumer
from .noc import NocDashboardConsumer
from .presence import PresenceConsumer

__all__ = ["WidgetConsumer", "NocDashboardConsumer", "PresenceConsumer", "GcodeDashboardConsumer"]
