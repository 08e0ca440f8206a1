# libbot — the same install as the README's first command, without the test tools.
FROM python:3.11-slim

# MPLCONFIGDIR: matplotlib's font list in a folder any user may write, since the container
# may run as the host's user (--user, below), who has no home in the image.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LIBBOT_DB=/data/libbot.sqlite3 \
    LIBBOT_ORG=/data/org.toml \
    MPLCONFIGDIR=/tmp/matplotlib

WORKDIR /app
# A CJK font so the digest chart's Chinese labels render as Chinese (bot/render/chart.py finds it).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY locales ./locales
# Editable so the catalogs under /app/locales are found beside the code.
RUN pip install --no-cache-dir --no-deps -e . \
    && useradd --create-home --uid 10001 libbot \
    && mkdir /data && chown libbot /data

# Runs as libbot (uid 10001), who owns /data: a named volume (-v libbot-data:/data) starts
# out owned by it. A host folder (-v "$PWD/data:/data") belongs to the host's user, so run
# the container as that user: docker run --user "$(id -u):$(id -g)" … (see the README).
USER libbot
VOLUME ["/data"]
# Put org.toml in the volume and pass LIBBOT_TOKEN; `libbot check` validates both.
CMD ["libbot", "run"]
