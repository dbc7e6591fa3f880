global using Npgsql;
global using Xunit;
