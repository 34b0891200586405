"""WeChat channels: the Official Account (公众号) callback beside the web chat.

A WeChat conversation is an ordinary conversation of channel ``wechat`` keyed by OpenID, so
storage, de-duplication (by MsgId), hand-off and the staff console are the web chat's
(:mod:`api.relay`). This package adds only what is WeChat's own: the protocol
(:mod:`~api.wechat.protocol`), replies as WeChat text (:mod:`~api.wechat.rendering`), the
customer-service API with its shared access token (:mod:`~api.wechat.customer_service`) and
the callback route (:mod:`api.routes.wechat`).

The protocol library is wechatpy 1.8.18, its stable line: it covers the Official Account's
signatures, AES safe mode, message parsing and the customer-service and token APIs. WeCom
微信客服 (``kf/sync_msg``, ``kf/send_msg``) exists only in the 2.0 pre-releases; it is not
served yet, and will come with a pinned pre-release or its two HTTP calls.
"""
