# The cluster silo (Notifications.Silo). Build from the repository root:
#   docker build -f deploy/silo.Dockerfile -t notifications-silo .
# Run `migrate` once per release before the silos start (docker compose and the Kubernetes manifests do):
#   docker run --rm -e ConnectionStrings__Postgres=... notifications-silo migrate
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props NuGet.config ./
COPY templates/ templates/
COPY src/ src/
RUN dotnet publish src/Notifications.Silo/Notifications.Silo.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl serves the container health check of docker compose; Kubernetes probes use HTTP directly.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# Health endpoints on every interface of the container; silo-to-silo 11111, Orleans clients 30000.
ENV ASPNETCORE_URLS=http://+:5090 \
    DOTNET_gcServer=1
EXPOSE 5090 11111 30000
USER $APP_UID
ENTRYPOINT ["dotnet", "Notifications.Silo.dll"]
