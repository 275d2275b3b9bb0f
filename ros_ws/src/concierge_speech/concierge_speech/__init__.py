"""Speech in and out: recognition with endpointing, synthesis, audio sources."""
