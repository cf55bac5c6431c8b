"""Media work done in-process with PyAV: probe a clip, plan and render what fal receives, stitch and mux audio."""
