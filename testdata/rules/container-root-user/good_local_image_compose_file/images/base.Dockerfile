FROM ruby:3.3-slim
RUN useradd -u 10001 rails
USER 10001
