using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCcm.Store.EntityFrameworkCore.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AppInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_instances",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    app_id = table.Column<Guid>(type: "uuid", nullable: false),
                    build_id = table.Column<Guid>(type: "uuid", nullable: true),
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    certificate_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    message_count = table.Column<long>(type: "bigint", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false),
                    interval_seconds = table.Column<int>(type: "integer", nullable: false),
                    exit_code = table.Column<int>(type: "integer", nullable: true),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_signature = table.Column<byte[]>(type: "bytea", nullable: true),
                    unresponsive_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_instances", x => x.id);
                    table.ForeignKey(
                        name: "FK_app_instances_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_app_instances_apps_app_id",
                        column: x => x.app_id,
                        principalTable: "apps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_app_instances_builds_build_id",
                        column: x => x.build_id,
                        principalTable: "builds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_app_instances_certificates_certificate_id",
                        column: x => x.certificate_id,
                        principalTable: "certificates",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "FK_app_instances_nodes_node_id",
                        column: x => x.node_id,
                        principalTable: "nodes",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_app_instances_account_id_created_at",
                table: "app_instances",
                columns: new[] { "account_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_app_instances_app_id",
                table: "app_instances",
                column: "app_id");

            migrationBuilder.CreateIndex(
                name: "IX_app_instances_build_id",
                table: "app_instances",
                column: "build_id");

            migrationBuilder.CreateIndex(
                name: "IX_app_instances_certificate_id",
                table: "app_instances",
                column: "certificate_id");

            migrationBuilder.CreateIndex(
                name: "IX_app_instances_node_id",
                table: "app_instances",
                column: "node_id");

            migrationBuilder.CreateIndex(
                name: "IX_app_instances_status_unresponsive_at",
                table: "app_instances",
                columns: new[] { "status", "unresponsive_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_instances");
        }
    }
}
