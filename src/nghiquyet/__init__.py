"""nghiquyet: theo dõi việc thực hiện nghị quyết."""

__version__ = "0.1.0"
