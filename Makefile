# The two commands a newcomer needs: `make dev` and `make test`. Everything else is a helper.
.PHONY: dev test fuzz build bench clean rebuild-figures replay-stream-failures

dev:
	bash scripts/dev.sh

test:
	bash scripts/test.sh

# Schemathesis over openapi.yaml against a local-mode server of its own, once per role (docs/testing.md).
fuzz: build
	bash scripts/fuzz.sh

bench:
	bash scripts/bench.sh

# One tenant's report figures rebuilt from the timeline, the consumer paused (docs/reports.md): TENANT=<id> [STACK=<name>].
rebuild-figures: build
	bash scripts/rebuild-figures.sh "$(TENANT)"

# The stream batches the outbox and projections gave up on, replayed from the stream (docs/operations.md): STACK=<name>.
replay-stream-failures: build
	bash scripts/replay-stream-failures.sh

build:
	bash -c 'source scripts/env.sh && $$MVN -q install -DskipTests'

clean:
	rm -rf .aws-sam .data && bash -c 'source scripts/env.sh && $$MVN -q clean'

# Deploys to the AWS account of your credentials (docs/deploy.md); never run by make test.
.PHONY: deploy
deploy:
	bash scripts/deploy.sh
