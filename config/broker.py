"""Options of kombu's filesystem transport, the broker of the embedded set-up."""

from pathlib import Path


def filesystem_transport_options(folder: Path) -> dict:
    # One folder for in and out: producer and worker run on the same machine.
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        # Without it kombu keeps its exchange table in ./control, inside the checkout.
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }
