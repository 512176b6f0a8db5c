"""The Channels consumers of ws_widgets."""

from .base import WidgetConsumer
from .gcode import GcodeDashboardConsumer
from .mobile import MobileSyncConsumer
from .noc import NocDashboardConsumer
from .presence import PresenceConsumer

__all__ = ["GcodeDashboardConsumer", "MobileSyncConsumer", "NocDashboardConsumer", "PresenceConsumer", "WidgetConsumer"]
