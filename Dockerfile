# The secfaas CLI as a container image: what deploy/kubernetes and deploy/slurm run.
#   docker build -t secfaas:0.1.0 .
#   docker run --rm -v "$PWD/results:/results" secfaas:0.1.0 run scenarios/default.yaml --out /results/default
# Working directory /app holds scenarios/ and models/, so scenario paths in the jobs are relative to it.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY models ./models
# npm ci runs `prepare`, which builds dist/; then keep only what the CLI needs at run time
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# the PNG charts need a font (resvg draws no text without one): the same Debian font as CI's, so
# charts drawn in the image are the bytes drawn anywhere else
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY models ./models
COPY scenarios ./scenarios
USER node
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["--help"]
