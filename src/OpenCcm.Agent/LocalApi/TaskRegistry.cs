using OpenCcm.AgentProtocol;

namespace OpenCcm.Agent.LocalApi;

/// <summary>The certificate tasks this agent handled, for /v1/certificate/result; bounded, the oldest forgotten first. Thread-safe.</summary>
internal sealed class TaskRegistry(int capacity)
{
    private readonly Dictionary<Guid, CertificateTask> _tasks = [];
    private readonly Queue<Guid> _order = new();
    private readonly Lock _lock = new();

    public void Add(CertificateTask task)
    {
        lock (_lock)
        {
            if (_tasks.TryAdd(task.TaskId, task))
            {
                _order.Enqueue(task.TaskId);
            }
            else
            {
                _tasks[task.TaskId] = task;
            }

            while (_order.Count > capacity)
            {
                _tasks.Remove(_order.Dequeue());
            }
        }
    }

    public CertificateTask? Find(Guid id)
    {
        lock (_lock)
        {
            return _tasks.GetValueOrDefault(id);
        }
    }
}
