using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCcm.Store.EntityFrameworkCore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InstanceStatusIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_app_instances_status_unresponsive_at",
                table: "app_instances");

            migrationBuilder.CreateIndex(
                name: "IX_app_instances_status",
                table: "app_instances",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_app_instances_status",
                table: "app_instances");

            migrationBuilder.CreateIndex(
                name: "IX_app_instances_status_unresponsive_at",
                table: "app_instances",
                columns: new[] { "status", "unresponsive_at" });
        }
    }
}
