from .day_animation import MotionOptions, day_animation
from .forest import forest_plot
from .labels import kpi_label
from .occupancy import waiting_room_occupancy
from .pathway_boxes import process_map_svg
from .process_map import process_map
from .timeline import timeline
from .tradeoff import tradeoff
from .wait_places import wait_by_place
from .waits import wait_distribution

__all__ = [
    "MotionOptions",
    "day_animation",
    "forest_plot",
    "kpi_label",
    "process_map",
    "process_map_svg",
    "timeline",
    "tradeoff",
    "wait_by_place",
    "wait_distribution",
    "waiting_room_occupancy",
]
