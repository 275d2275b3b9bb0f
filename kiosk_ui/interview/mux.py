"""Put the answer's sound into its MP4: OpenCV writes picture only, PyAV adds an AAC track.

The MPEG-4 video packets are copied as they are (no re-encoding); the WAV is encoded to AAC, so
the answer is one file that plays with sound in ordinary players, QtMultimedia included.
"""

from __future__ import annotations

from pathlib import Path

AUDIO_CODEC = "aac"


def mux_answer(video_in: Path, wav_in: Path, out_path: Path) -> None:
    """Write out_path (MP4) = the video stream of video_in + wav_in encoded as AAC."""
    import av

    with (
        av.open(str(video_in)) as vin,
        av.open(str(wav_in)) as ain,
        av.open(str(out_path), "w", format="mp4") as out,
    ):
        v_in = vin.streams.video[0]
        a_in = ain.streams.audio[0]
        v_out = out.add_stream_from_template(v_in)
        a_out = out.add_stream(AUDIO_CODEC, rate=a_in.rate, layout="mono")
        for packet in vin.demux(v_in):
            if packet.dts is None:  # the demuxer's end-of-stream marker
                continue
            packet.stream = v_out
            out.mux(packet)
        for frame in ain.decode(a_in):
            frame.pts = None  # let the encoder count samples
            out.mux(a_out.encode(frame))
        out.mux(a_out.encode(None))


def probe(path: Path) -> dict[str, float]:
    """Durations (s) of the streams in a media file, keyed by kind: {'video': .., 'audio': ..}."""
    import av

    found: dict[str, float] = {}
    with av.open(str(path)) as media:
        for stream in media.streams:
            if stream.duration is not None and stream.type in ("video", "audio"):
                found[stream.type] = float(stream.duration * stream.time_base)
    return found
