"""Video job interviews: capture, recording, storage, session flow and review (issue 7)."""
