module cilium-egress-ha/e2e/tools/nfq-delay

go 1.26
