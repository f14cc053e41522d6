# syntax=docker/dockerfile:1
# Build on Debian bookworm with the same dependency script the README and CI use, run on
# bookworm-slim with only the shared libraries the binary links, as a non-root numeric user.

FROM debian:bookworm AS build
COPY scripts/install-deps /src/scripts/install-deps
RUN /src/scripts/install-deps --build
COPY . /src
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DRL_BUILD_TESTS=OFF -DRL_BUILD_BENCH=OFF \
 && cmake --build /build -j"$(nproc)" \
 && strip /build/readinglist-operator \
 && /build/readinglist-operator --version

FROM debian:bookworm-slim
COPY scripts/install-deps /usr/local/sbin/install-deps
RUN /usr/local/sbin/install-deps --runtime && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
COPY --from=build /build/readinglist-operator /usr/local/bin/readinglist-operator
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/readinglist-operator"]
CMD ["--help"]
