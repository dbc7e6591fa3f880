# The HTTP API (Notifications.Api). Build from the repository root:
#   docker build -f deploy/api.Dockerfile -t notifications-api .
# In a cluster it runs with Notifications__Hosting=Cluster and ConnectionStrings__Redis set (see docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props NuGet.config ./
COPY templates/ templates/
COPY src/ src/
RUN dotnet publish src/Notifications.Api/Notifications.Api.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Notifications.Api.dll"]
