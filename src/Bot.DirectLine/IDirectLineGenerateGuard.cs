namespace Bot.DirectLine;

/// <summary>
/// Decides whether a caller of <c>POST /v3/directline/tokens/generate</c> may reserve a new conversation, before
/// anything is reserved. The host registers one that asks the web chat page's signed page token (or the server
/// secret), so a foreign page cannot make its visitors' browsers use up the conversations (security review F4).
/// None registered: anyone may.
/// </summary>
public interface IDirectLineGenerateGuard
{
    /// <summary>Null to allow; otherwise the refusal the caller receives (<c>{"error":{"code","message"}}</c>).</summary>
    DirectLineRejection? Check(HttpContext http);
}
