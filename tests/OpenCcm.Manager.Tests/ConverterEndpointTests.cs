using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenCcm.Converter.Images;

namespace OpenCcm.Manager.Tests;

public sealed class ConverterEndpointTests(ConverterManagerFixture fixture) : IClassFixture<ConverterManagerFixture>
{
    private RunningManager Manager => fixture.Manager;

    private string Credentials => $"{ConverterManagerFixture.User}:{ConverterManagerFixture.UserPassword}";

    [SkippableFact]
    public async Task ConvertApp_WithAStoredRegistryCredential_PushesTheImage_AndAnswersTheResult()
    {
        ConverterTools.SkipUnlessAvailable();
        using var owner = await AllowlistAccount.CreateAsync(Manager);
        await StoreProtectedRegistryAsync(owner);

        using var response = await owner.Client.PostAsJsonAsync("/v1/tools/converter/convert-app", new
        {
            inputImageName = $"{fixture.Protected}/src/busybox:1", outputImageName = $"{fixture.Protected}/out/app:1",
            isvprodid = 5, isvsvn = 2, memSize = "256M", threads = 4, rwDirs = new[] { "tmp" }, app = new { heartbeat = "true" },
            manifestEnv = new[] { "MODE=enclave" }, signingKey = new { @default = new { } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadJsonAsync();
        Assert.Equal(["newImage", "imageSHA", "imageSize", "isvprodid", "isvsvn", "mrenclave", "mrsigner"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{fixture.Protected}/out/app:1", result.GetProperty("newImage").GetString());
        Assert.Equal(5, result.GetProperty("isvprodid").GetInt32());
        Assert.Equal(2, result.GetProperty("isvsvn").GetInt32());

        var inspected = ConverterTestImages.Inspect($"{fixture.Protected}/out/app:1", Credentials);
        Assert.Equal(result.GetProperty("imageSHA").GetString(), inspected.GetProperty("Digest").GetString());
        Assert.Equal(result.GetProperty("mrenclave").GetString(), inspected.GetProperty("Labels").GetProperty(ConfigRewriter.MrEnclaveLabel).GetString());
        Assert.Equal(result.GetProperty("mrsigner").GetString(), inspected.GetProperty("Labels").GetProperty(ConfigRewriter.MrSignerLabel).GetString());

        var audit = await owner.AuditAsync();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "converter.signing_key.create");
        var convert = Assert.Single(audit, e => e.GetProperty("action").GetString() == "converter.convert");
        Assert.Equal("SUCCESS", convert.GetProperty("outcome").GetString());
        Assert.DoesNotContain(audit, e => e.GetRawText().Contains(ConverterManagerFixture.UserPassword, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task AnAccount_SignsEveryConversionWithItsOwnKey()
    {
        ConverterTools.SkipUnlessAvailable();
        using var first = await AllowlistAccount.CreateAsync(Manager);
        using var other = await AllowlistAccount.CreateAsync(Manager, "other");

        var a = await ConvertAsync(first, "signer/a:1");
        var b = await ConvertAsync(first, "signer/b:1");
        var c = await ConvertAsync(other, "signer/c:1");

        Assert.Equal(a.GetProperty("mrsigner").GetString(), b.GetProperty("mrsigner").GetString());
        Assert.Equal(a.GetProperty("imageSHA").GetString(), b.GetProperty("imageSHA").GetString()); // same input, same key: same image
        Assert.NotEqual(a.GetProperty("mrsigner").GetString(), c.GetProperty("mrsigner").GetString());
        Assert.Equal(a.GetProperty("mrenclave").GetString(), c.GetProperty("mrenclave").GetString()); // the measurement does not depend on the key
    }

    [SkippableFact]
    public async Task BadCredentials_AMissingImage_AndARefusedLayer_AnswerProblems_AndPushNothing()
    {
        ConverterTools.SkipUnlessAvailable();
        using var owner = await AllowlistAccount.CreateAsync(Manager);

        using (var wrong = await owner.Client.PostAsJsonAsync("/v1/tools/converter/convert-app", new
        {
            inputImageName = $"{fixture.Protected}/src/busybox:1", outputImageName = $"{fixture.Protected}/refused/a:1",
            authConfig = new { username = ConverterManagerFixture.User, password = "wrong" },
        }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
            var problem = await wrong.ReadJsonAsync();
            Assert.Equal("RegistryAuthFailed", problem.GetProperty("code").GetString());
            Assert.Equal("OciUnauthorized", problem.GetProperty("refusals")[0].GetProperty("code").GetString());
        }

        using (var anonymous = await PostAsync(owner, $"{fixture.Protected}/src/busybox:1", $"{fixture.Protected}/refused/b:1"))
        {
            Assert.Equal("RegistryAuthFailed", await anonymous.CodeAsync());
        }

        using (var missing = await PostAsync(owner, $"{fixture.Registry}/src/absent:1", $"{fixture.Registry}/refused/c:1"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
            var problem = await missing.ReadJsonAsync();
            Assert.Equal("ImageNotFound", problem.GetProperty("code").GetString());
            Assert.Equal("OciNotFound", problem.GetProperty("refusals")[0].GetProperty("code").GetString());
        }

        await CraftedImages.PushAsync(fixture.Registry, "crafted/escape:1", "../escape");
        using (var escape = await PostAsync(owner, $"{fixture.Registry}/crafted/escape:1", $"{fixture.Registry}/refused/d:1"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, escape.StatusCode);
            var problem = await escape.ReadJsonAsync();
            Assert.Equal("ConversionRefused", problem.GetProperty("code").GetString());
            Assert.Equal("EntryPathTraversal", problem.GetProperty("refusals")[0].GetProperty("code").GetString());
            Assert.Equal(0, problem.GetProperty("layer_index").GetInt32());
        }

        foreach (var image in new[] { $"{fixture.Protected}/refused/a:1", $"{fixture.Protected}/refused/b:1" })
        {
            Assert.Throws<InvalidOperationException>(() => ConverterTestImages.Inspect(image, Credentials));
        }

        foreach (var image in new[] { $"{fixture.Registry}/refused/c:1", $"{fixture.Registry}/refused/d:1" })
        {
            Assert.Throws<InvalidOperationException>(() => ConverterTestImages.Inspect(image));
        }

        var failures = (await owner.AuditAsync()).Where(e => e.GetProperty("action").GetString() == "converter.convert").ToList();
        Assert.Equal(4, failures.Count);
        Assert.All(failures, e => Assert.Equal("FAILURE", e.GetProperty("outcome").GetString()));
    }

    public static TheoryData<string> BadRequests => new()
    {
        """{"outputImageName": "127.0.0.1:1/a:1"}""",
        """{"inputImageName": "127.0.0.1:1/a:1"}""",
        """{"inputImageName": "oci:/etc:x", "outputImageName": "127.0.0.1:1/a:1"}""",
        """{"inputImageName": "127.0.0.1:1/a:1", "outputImageName": "oci:/tmp/out:x"}""",
        """{"inputImageName": "127.0.0.1:1/a:1", "outputImageName": "127.0.0.1:1/a@sha256:0000000000000000000000000000000000000000000000000000000000000000"}""",
        """{"inputImageName": "127.0.0.1:1/a:1", "outputImageName": "127.0.0.1:1/b:1", "isvprodid": 65536}""",
        """{"inputImageName": "127.0.0.1:1/a:1", "outputImageName": "127.0.0.1:1/b:1", "javaMode": "OPENJDK"}""",
        """{"inputImageName": "127.0.0.1:1/a:1", "outputImageName": "127.0.0.1:1/b:1", "signingKey": {"sdkms": {"name": "k"}}}""",
        """{"inputImageName": "127.0.0.1:1/a:1", "outputImageName": "127.0.0.1:1/b:1", "certificates": [{"unknown": 1}]}""",
        """{"inputImageName": "127.0.0.1:1/a:1", "outputImageName": "127.0.0.1:1/b:1", "manifestEnv": ["NOEQUALS"]}""",
        """{"inputImageName": "127.0.0.1:1/a:1", "outputImageName": "127.0.0.1:1/b:1", "threads": 0}""",
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task InvalidRequests_AreRefusedBeforeAnyRegistryIsContacted(string body)
    {
        using var owner = await AllowlistAccount.CreateAsync(Manager);
        using var response = await owner.Client.PostAsync("/v1/tools/converter/convert-app", HttpAssertions.RawJson(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationFailed", await response.CodeAsync());
        Assert.DoesNotContain(await owner.AuditAsync(), e => e.GetProperty("action").GetString()!.StartsWith("converter.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConvertingNeedsAWriter_AndASelectedAccount()
    {
        using var owner = await AllowlistAccount.CreateAsync(Manager);
        using var reader = await owner.AddMemberAsync("READER");
        var body = new { inputImageName = "127.0.0.1:1/a:1", outputImageName = "127.0.0.1:1/b:1" };

        using var refused = await reader.PostAsJsonAsync("/v1/tools/converter/convert-app", body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var refusedBuild = await reader.PostAsJsonAsync("/v1/builds/convert-app", new { app_id = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Forbidden, refusedBuild.StatusCode);

        using var noAccount = await Manager.LogInAsync($"nobody-{Guid.NewGuid():N}@example.com", AllowlistAccount.Password, signUp: true);
        using var unselected = await noAccount.PostAsJsonAsync("/v1/tools/converter/convert-app", body);
        Assert.Equal("NoAccountSelected", await unselected.CodeAsync());
    }

    [SkippableFact]
    public async Task BuildsConvertApp_ConvertsTheAppsImage_AndRegistersAPendingBuildWithItsTask()
    {
        ConverterTools.SkipUnlessAvailable();
        using var owner = await AllowlistAccount.CreateAsync(Manager);
        await StoreProtectedRegistryAsync(owner);
        var app = await CreateAppAsync(owner, $"{fixture.Protected}/src/busybox", $"{fixture.Protected}/built/app");

        using var response = await owner.Client.PostAsJsonAsync("/v1/builds/convert-app", new
        {
            app_id = app, input_docker_version = "1", output_docker_version = "v7", build_name = "first",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var build = await response.ReadJsonAsync();
        Assert.Equal("PENDING", build.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal("first", build.GetProperty("build_name").GetString());
        Assert.Equal(app, build.GetProperty("app_id").GetGuid());

        var inspected = ConverterTestImages.Inspect($"{fixture.Protected}/built/app:v7", Credentials);
        var enclave = build.GetProperty("enclave_info");
        Assert.Equal(inspected.GetProperty("Labels").GetProperty(ConfigRewriter.MrEnclaveLabel).GetString(), enclave.GetProperty("mrenclave").GetString());
        Assert.Equal(inspected.GetProperty("Labels").GetProperty(ConfigRewriter.MrSignerLabel).GetString(), enclave.GetProperty("mrsigner").GetString());
        Assert.Equal(9, enclave.GetProperty("isvprodid").GetInt32());
        Assert.Equal(4, enclave.GetProperty("isvsvn").GetInt32());
        var docker = build.GetProperty("docker_info");
        Assert.Equal($"{fixture.Protected}/built/app", docker.GetProperty("docker_image_name").GetString());
        Assert.Equal("v7", docker.GetProperty("docker_version").GetString());
        Assert.Equal(inspected.GetProperty("Digest").GetString(), docker.GetProperty("docker_image_sha").GetString());

        var task = await owner.GetAsync($"/v1/tasks/{build.GetProperty("pending_task_id").GetGuid()}");
        Assert.Equal("BUILD_WHITELIST", task.GetProperty("task_type").GetString());
        Assert.Equal(build.GetProperty("build_id").GetGuid(), task.GetProperty("entity_id").GetGuid());

        // The same image again, to another tag: the measurement is taken (409, as POST /v1/builds answers) and, found
        // before publishing, nothing is pushed under the new tag.
        using var again = await owner.Client.PostAsJsonAsync("/v1/builds/convert-app", new { app_id = app, input_docker_version = "1", output_docker_version = "v8" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("DuplicateMeasurement", await again.CodeAsync());
        Assert.Throws<InvalidOperationException>(() => ConverterTestImages.Inspect($"{fixture.Protected}/built/app:v8", Credentials));
        Assert.Equal(1, (await owner.GetAsync($"/v1/builds?app_id={app}")).GetProperty("metadata").GetProperty("filtered_count").GetInt32());
    }

    [SkippableFact]
    public async Task BuildsConvertApp_RegistersNothing_WhenTheConversionFails_OrTheAppIsNotTheCallers()
    {
        ConverterTools.SkipUnlessAvailable();
        using var owner = await AllowlistAccount.CreateAsync(Manager);
        var app = await CreateAppAsync(owner, $"{fixture.Registry}/src/absent", $"{fixture.Registry}/built/never");

        using (var missing = await owner.Client.PostAsJsonAsync("/v1/builds/convert-app", new { app_id = app, docker_version = "1" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
            Assert.Equal("ImageNotFound", await missing.CodeAsync());
        }

        Assert.Equal(0, (await owner.GetAsync($"/v1/builds?app_id={app}")).GetProperty("metadata").GetProperty("filtered_count").GetInt32());
        Assert.DoesNotContain(await owner.AuditAsync(), e => e.GetProperty("action").GetString() is "build.create" or "task.open");

        using var stranger = await AllowlistAccount.CreateAsync(Manager, "stranger");
        using var notFound = await stranger.Client.PostAsJsonAsync("/v1/builds/convert-app", new { app_id = app, docker_version = "1" });
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        using var noAppId = await owner.Client.PostAsJsonAsync("/v1/builds/convert-app", new { docker_version = "1" });
        Assert.Equal("ValidationFailed", await noAppId.CodeAsync());
    }

    private async Task StoreProtectedRegistryAsync(AllowlistAccount owner)
    {
        using var stored = await owner.Client.PostAsJsonAsync("/v1/registry", new
        {
            url = $"http://{fixture.Protected}", credential = new { @default = new { username = ConverterManagerFixture.User, password = ConverterManagerFixture.UserPassword } },
        });
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
    }

    private static async Task<Guid> CreateAppAsync(AllowlistAccount owner, string input, string output)
    {
        using var created = await owner.Client.PostAsJsonAsync("/v1/apps", new
        {
            name = $"conv-{Guid.NewGuid():N}", input_image_name = input, output_image_name = output, isvprodid = 9, isvsvn = 4, mem_size = 512, threads = 2,
            advanced_settings = new { rw_dirs = new[] { "tmp" }, manifestEnv = new[] { "A=1" } },
        });
        created.EnsureSuccessStatusCode();
        return (await created.ReadJsonAsync()).GetProperty("app_id").GetGuid();
    }

    private async Task<JsonElement> ConvertAsync(AllowlistAccount owner, string output)
    {
        using var response = await PostAsync(owner, $"{fixture.Registry}/src/busybox:1", $"{fixture.Registry}/{output}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static Task<HttpResponseMessage> PostAsync(AllowlistAccount owner, string input, string output) =>
        owner.Client.PostAsJsonAsync("/v1/tools/converter/convert-app", new { inputImageName = input, outputImageName = output });
}

public sealed class ConversionSlotsTests
{
    [Fact]
    public async Task Slots_RunTheConfiguredNumber_QueueTheNext_AndRefuseBeyondTheLine()
    {
        using var slots = new OpenCcm.Manager.Converter.ConversionSlots(new OpenCcm.Manager.Converter.ConverterSettings { MaxConcurrent = 1, MaxWaiting = 1 });

        var first = await slots.TryEnterAsync(CancellationToken.None);
        Assert.NotNull(first);
        var waiting = slots.TryEnterAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Assert.Null(await slots.TryEnterAsync(CancellationToken.None)); // the line is full: 429 ConverterBusy

        first!.Dispose();
        var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(second);

        // A waiter whose client goes away leaves the line: the next one may wait again.
        using (var cancelled = new CancellationTokenSource())
        {
            var abandoned = slots.TryEnterAsync(cancelled.Token);
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }

        var next = slots.TryEnterAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        second!.Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(10)))!.Dispose();
    }
}
