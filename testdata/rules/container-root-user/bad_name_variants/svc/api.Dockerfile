FROM alpine:3.20 # expect: container-root-user
COPY api /usr/local/bin/api
