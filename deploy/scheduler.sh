#!/bin/sh
# The scheduled jobs of a container deployment (what the systemd timers do on a server):
# the kept figures every 4 minutes, due notifications every 10 minutes, due webhook deliveries
# every 5 minutes, the retention rules at 03:30, no-shows at 06:00 and the daily digest at
# 07:00, in the container's TZ.
# Each job only queues or does a short piece of work; run one scheduler.
set -u
while true; do
    minute=$(date +%M)
    hour_minute=$(date +%H%M)
    if [ $((10#$minute % 4)) -eq 0 ]; then
        arraigo figures >/dev/null || echo "scheduler: arraigo figures failed" >&2
    fi
    case "$minute" in
        *0) arraigo notify || echo "scheduler: arraigo notify failed" >&2 ;;
    esac
    case "$minute" in
        *0|*5) arraigo webhooks send-due >/dev/null || echo "scheduler: arraigo webhooks send-due failed" >&2 ;;
    esac
    if [ "$hour_minute" = "0330" ]; then
        arraigo retention || echo "scheduler: arraigo retention failed" >&2
    fi
    if [ "$hour_minute" = "0600" ]; then
        arraigo no-shows || echo "scheduler: arraigo no-shows failed" >&2
    fi
    if [ "$hour_minute" = "0700" ]; then
        arraigo notify --digest || echo "scheduler: arraigo notify --digest failed" >&2
    fi
    sleep $((60 - $(date +%S | sed 's/^0//')))
done
